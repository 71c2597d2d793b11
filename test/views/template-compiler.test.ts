/** The views' code generator: `{{#if}}`/`{{#unless}}` and `{{#each}}` over arrays compiled inline render as Handlebars' helpers do. */
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { directlyReadable, inlineConditionals, type CodeGeneratorClass } from '../../src/plugins/template-compiler.js';

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

const TEMPLATES = Object.freeze([
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
  '{{#each list}}[{{@index}}{{@key}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}}{{this}}]{{else}}empty{{/each}}',
  '{{#each o}}{{@key}}={{this}};{{else}}none {{w}}{{/each}}',
  '{{#each grid}}{{#each this}}{{@../index}}.{{@index}}={{this}} {{/each}}|{{/each}}',
  '{{#each items}}{{> item}}{{/each}}',
  '{{o.flag}}|{{o.size}}|{{o.length}}|{{o.constructor}}|{{o.toString}}|{{o.__proto__}}|{{o.hasOwnProperty}}|{{o.[0]}}|{{@root.w}}',
  '{{#each list}}{{#if @first}}<{{/if}}{{this.flag}}{{#if @last}}>{{/if}}{{/each}}',
]);

/** An array with a hole at index 1 (the helper skips holes). */
function sparse(): unknown[] {
  const list: unknown[] = new Array(3);
  list[0] = 'a';
  list[2] = 'c';
  return list;
}

const VALUES: unknown[] = [
  true, false, 0, 1, -1, '', 'x', '<&>', null, undefined, [], [0], [null, 2, '', 'a'], {}, { flag: 0 }, { flag: 'ja' },
  function (this: { w?: unknown }) {
    return this.w;
  },
  () => [],
  sparse(),
  new Map([['k', 'v']]),
  new Set(['s1', 's2']),
  ['<b>', 7, 0],
];

describe('inlineConditionals', () => {
  it('renders every template as the standard compiler does, whatever the values', () => {
    let compared = 0;
    for (const source of TEMPLATES) {
      const expected = standard.compile(source, OPTIONS);
      const actual = inline.compile(source, OPTIONS);
      for (const v of VALUES) {
        for (const w of [true, 0, 'w']) {
          const context = { v, w, list: Array.isArray(v) ? v : [v], o: v, items: [{ name: v }, { name: 'b' }], grid: [Array.isArray(v) ? v : [v], ['z']] };
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

  it('renders {{#each}} over an array without calling the each helper; other values still go to the helper', () => {
    const counted = (compiler?: unknown) => {
      const hbs = environment(compiler);
      const each = hbs.helpers.each!;
      const calls = { count: 0 };
      hbs.registerHelper('each', function (this: unknown, ...args: unknown[]) {
        calls.count++;
        return (each as (...a: unknown[]) => unknown).apply(this, args);
      });
      return { hbs, calls };
    };
    const compiler = inlineConditionals((Handlebars as unknown as { JavaScriptCompiler: CodeGeneratorClass }).JavaScriptCompiler);
    const source = '{{#each list}}{{@index}}:{{this}}{{#unless @last}},{{/unless}}{{else}}none{{/each}}';
    const withInline = counted(compiler);
    const render = withInline.hbs.compile(source, OPTIONS);
    expect(render({ list: ['a', 'b'] })).toBe('0:a,1:b');
    expect(render({ list: [] })).toBe('none');
    expect(withInline.calls.count).toBe(0);
    expect(render({ list: new Set(['x', 'y']) })).toBe('0:x,1:y');
    expect(render({ list: { k: 'v' } })).toBe('0:v');
    expect(withInline.calls.count).toBe(2);
    const helperOnly = counted();
    expect(helperOnly.hbs.compile(source, OPTIONS)({ list: ['a', 'b'] })).toBe('0:a,1:b');
    expect(helperOnly.calls.count).toBe(1);
  });

  it('keeps the each helper where the block uses ../ paths or has a hash', () => {
    const code = (source: string) => inline.precompile(source, OPTIONS) as string;
    expect(code('{{#each list}}{{this}}{{/each}}')).not.toMatch(/lookupProperty\(helpers,"each"\)/);
    expect(code('{{#each list}}{{../w}}{{/each}}')).toMatch(/lookupProperty\(helpers,"each"\)/);
  });

  it('reads a field of the context or of the @ data as a property, and fields named as a built-in prototype\'s through lookupProperty', () => {
    const code = (source: string) => inline.precompile(source, OPTIONS) as string;
    const plain = code('{{page.title}}{{#each list}}{{text}}{{#unless @last}},{{/unless}}{{/each}}{{@root.page.title}}');
    expect(plain).toMatch(/depth0\.page\b/);
    expect(plain).toMatch(/\.title\b/);
    expect(plain).toMatch(/depth0\.text\b/);
    expect(plain).toMatch(/data\.last\b/);
    expect(plain).not.toMatch(/lookupProperty\((depth0|stack1|data),/);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'length', 'size', 'map', 'link', 'anchor', 'then', 'toHTML', '0', 'a-b']) {
      expect(directlyReadable(name), name).toBe(false);
      expect(code(`{{o.${/^[A-Za-z_$][\w$]*$/.test(name) ? name : `[${name}]`}}}`), name).toMatch(new RegExp(`lookupProperty\\(stack1,"${name}"\\)`));
    }
    for (const name of ['text', 'title', 'heading', 'last', 'index', 'root', 'followUps', '$x', '_y']) expect(directlyReadable(name), name).toBe(true);
  });

  it('still withholds what a prototype has from a template, as the guarded lookup does', () => {
    class Row {
      get secret() {
        return 'from the prototype';
      }
    }
    const source = '{{o.constructor}}|{{o.__proto__}}|{{o.toString}}|{{o.valueOf}}|{{o.hasOwnProperty}}|{{#with o}}{{constructor.name}}{{/with}}';
    for (const o of [{}, [], new Row(), 'text', 5, new Map()]) {
      expect(inline.compile(source, OPTIONS)({ o }), String(o)).toBe(standard.compile(source, OPTIONS)({ o }));
    }
    expect(inline.compile('{{o.constructor}}', OPTIONS)({ o: {} })).toBe('');
  });

  it('looks up the function of a written-out block once per template, not at every render', () => {
    const source = '{{#each list}}{{#if this}}[{{this}}]{{else}}-{{/if}}{{/each}}{{#unless w}}!{{/unless}}';
    const code = inline.precompile(source, OPTIONS) as string;
    expect(code).not.toMatch(/container\.fn\(\d+\)\(/);
    // the specification counts how often the runtime reads a program's decorator (container.fn does each time)
    const reads = new Map<string, number>();
    const spec = new Proxy(new Function(`return ${code}`)() as Record<string, unknown>, {
      get(target, key, receiver) {
        if (typeof key === 'string' && key.endsWith('_d')) reads.set(key, (reads.get(key) ?? 0) + 1);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const render = inline.template(spec as unknown as TemplateSpecification);
    for (let i = 0; i < 3; i++) expect(render({ list: ['a', 0, 'b'], w: 0 })).toBe('[a]-[b]!');
    expect(render({ list: [], w: 1 })).toBe('');
    const programs = [...reads.keys()].filter((key) => key !== 'main_d');
    expect(programs.length).toBeGreaterThan(0);
    for (const key of programs) expect(reads.get(key), key).toBe(1);
  });
});
