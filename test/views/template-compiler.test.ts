/** The views' code generator: `{{#if}}`/`{{#unless}}` compiled inline render as Handlebars' helpers do. */
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { inlineConditionals, type CodeGeneratorClass } from '../../src/plugins/template-compiler.js';

const OPTIONS = { knownHelpers: { eq: true }, knownHelpersOnly: true };

function environment(compiler?: unknown): typeof Handlebars {
  const hbs = Handlebars.create();
  if (compiler) (hbs as unknown as { JavaScriptCompiler: unknown }).JavaScriptCompiler = compiler;
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerPartial('item', '<i>{{name}}{{#if @last}}.{{/if}}</i>');
  return hbs;
}

const standard = environment();
const inline = environment(inlineConditionals((Handlebars as unknown as { JavaScriptCompiler: CodeGeneratorClass }).JavaScriptCompiler));

const TEMPLATES = [
  '{{#if v}}A{{/if}}',
  '{{#if v}}A{{else}}B{{/if}}',
  '{{#unless v}}A{{/unless}}',
  '{{#unless v}}A{{else}}B{{/unless}}',
  '{{#if v}}A{{else if w}}B{{else}}C{{/if}}',
  '{{#if v}}{{else}}B{{/if}}',
  '{{^if v}}N{{/if}}',
  '{{#if v includeZero=true}}Z{{else}}N{{/if}}',
  '{{#if (eq v w)}}same{{else}}different{{/if}}',
  '{{#each list}}{{#if this}}{{@index}}={{this}}{{else}}-{{/if}}{{#unless @last}}, {{/unless}}{{/each}}',
  '{{#each list}}{{#if ../w}}{{this}}{{/if}}{{/each}}',
  '{{#each items}}{{#if name}}{{> item}}{{/if}}{{/each}}',
  '{{#with o}}{{#if flag}}[{{flag}}]{{/if}}{{/with}}',
  '{{#if v}}<b>{{v}}</b>{{/if}}',
];

const VALUES: unknown[] = [
  true, false, 0, 1, -1, '', 'x', '<&>', null, undefined, [], [0], [null, 2, '', 'a'], {}, { flag: 0 }, { flag: 'ja' },
  function (this: { w?: unknown }) {
    return this.w;
  },
  () => [],
];

describe('inlineConditionals', () => {
  it('renders every template as the standard compiler does, whatever the values', () => {
    let compared = 0;
    for (const source of TEMPLATES) {
      const expected = standard.compile(source, OPTIONS);
      const actual = inline.compile(source, OPTIONS);
      for (const v of VALUES) {
        for (const w of [true, 0, 'w']) {
          const context = { v, w, list: Array.isArray(v) ? v : [v], o: v, items: [{ name: v }, { name: 'b' }] };
          let want: string | Error;
          try {
            want = expected(context);
          } catch (error) {
            want = error as Error;
          }
          if (want instanceof Error) expect(() => actual(context), source).toThrow(want.message);
          else expect(actual(context), `${source} with ${String(v)}`).toBe(want);
          compared++;
        }
      }
      expect(actual(null), source).toBe(expected(null));
      expect(actual({}), source).toBe(expected({}));
    }
    expect(compared).toBe(TEMPLATES.length * VALUES.length * 3);
  });

  it('calls a function value with the block\'s context, as the helper does', () => {
    const source = '{{#each rows}}{{#if check}}+{{else}}-{{/if}}{{/each}}';
    const check = function (this: { on: boolean }) {
      return this.on;
    };
    const context = { rows: [{ on: true, check }, { on: false, check }, { on: true, check }] };
    expect(inline.compile(source, OPTIONS)(context)).toBe('+-+');
    expect(standard.compile(source, OPTIONS)(context)).toBe('+-+');
  });

  it('compiles a plain {{#if}} and {{#unless}} without a helper call, and keeps it where the helper has a hash or ../ paths', () => {
    const code = (source: string) => inline.precompile(source, OPTIONS) as string;
    expect(code('{{#if v}}A{{else}}B{{/if}}{{#unless w}}C{{/unless}}')).not.toMatch(/lookupProperty\(helpers,"(if|unless)"\)/);
    expect(code('{{#if v includeZero=true}}Z{{/if}}')).toMatch(/lookupProperty\(helpers,"if"\)/);
    expect(code('{{#each list}}{{#if ../w}}x{{/if}}{{/each}}')).toMatch(/lookupProperty\(helpers,"if"\)/);
  });

  it('leaves the source location out of helper calls', () => {
    expect(standard.precompile('{{#each list}}{{eq this 1}}{{/each}}', OPTIONS)).toMatch(/"loc":/);
    expect(inline.precompile('{{#each list}}{{eq this 1}}{{/each}}', OPTIONS)).not.toMatch(/"loc":/);
  });
});
