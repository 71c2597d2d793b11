/** The view layer: UI strings inlined into templates at compile time render as the helper would. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VIEWS_DIR } from '../../src/paths.js';
import { createHandlebars, inlineStaticStrings, stripIndentation } from '../../src/plugins/view.js';
import { translate } from '../../src/i18n.js';

describe('inlineStaticStrings', () => {
  it('replaces {{t "key"}} without values by its text and leaves everything else alone', () => {
    const source = '<a aria-label="{{t "site.name"}}">{{t "site.tagline"}}</a> {{t "resolution.demand" number=n}} {{tk "status" s}} {{t key}}';
    expect(inlineStaticStrings(source)).toBe(
      `<a aria-label="${translate('site.name')}">${translate('site.tagline')}</a> {{t "resolution.demand" number=n}} {{tk "status" s}} {{t key}}`,
    );
  });

  it('renders exactly what the helper renders, markup and Handlebars syntax in the text included', () => {
    const text = `<b>"Bund & Länder"</b> {{nicht}} 'x' \`y\` =`;
    const hbs = createHandlebars();
    hbs.registerHelper('text', () => text);
    const viaHelper = hbs.compile('<p title="{{text}}">{{text}}</p>', { knownHelpers: { text: true } })({});
    const inlined = hbs.compile(inlineStaticStrings('<p title="{{t "x"}}">{{t "x"}}</p>', () => text))({});
    expect(inlined).toBe(viaHelper);
    expect(inlined).toContain('&lt;b&gt;&quot;Bund &amp; Länder&quot;&lt;/b&gt; {{nicht}}');
  });

  it('is applied by the app\'s Handlebars instance to every template it compiles', () => {
    const hbs = createHandlebars();
    expect(hbs.compile('{{t "site.name"}}')({})).toBe(translate('site.name'));
    expect(hbs.compile('{{t "resolution.demand" number=3}}')({})).toBe(translate('resolution.demand', { number: 3 }));
  });

  it('fails at compile time on a missing key', () => {
    expect(() => inlineStaticStrings('{{t "gibt.es.nicht"}}')).toThrow(/missing UI string: gibt.es.nicht/);
  });
});

describe('stripIndentation', () => {
  it('drops indentation and blank lines but keeps every line break', () => {
    expect(stripIndentation('<ul>\n    <li>a</li>\n\n\t<li>b</li>\n  </ul>\n')).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n');
    expect(stripIndentation('<p>Bund und  Länder</p>')).toBe('<p>Bund und  Länder</p>');
  });

  it('is safe for every template: no <pre> or <textarea> holds literal text across lines', () => {
    const files = readdirSync(VIEWS_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const source = readFileSync(path.join(VIEWS_DIR, file), 'utf8');
      for (const match of source.matchAll(/<(pre|textarea)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
        expect(match[2], `${file}: <${match[1]}>`).not.toMatch(/\n/);
      }
    }
  });
});

describe('statusBadge', () => {
  it('renders a demand status as a labelled span and escapes what it is given', () => {
    const hbs = createHandlebars();
    const render = (status: string) => hbs.compile('{{statusBadge s}}')({ s: status });
    expect(render('open')).toBe(`<span class="status status-open">${translate('status.open')}</span>`);
    expect(() => render('"><script>')).toThrow(/missing UI string/);
  });
});

describe('memo', () => {
  const template = () => createHandlebars().compile('{{#memo "a" list}}{{#each list}}{{this}},{{/each}}{{/memo}}|{{#memo "b" list}}{{list.length}}{{/memo}}');

  it('renders a block once per object and name: the same object renders the markup it had', () => {
    const render = template();
    const list = ['x', 'y'];
    expect(render({ list })).toBe('x,y,|2');
    list.push('z');
    // memoised: the block is not rendered again for the same object ...
    expect(render({ list })).toBe('x,y,|2');
    // ... but for another object, and another template instance keeps its own memo
    expect(render({ list: [...list] })).toBe('x,y,z,|3');
    expect(template()({ list })).toBe('x,y,z,|3');
  });

  it('renders a value that is not an object every time', () => {
    const render = createHandlebars().compile('{{#memo "a" n}}{{n}}{{/memo}}');
    expect(render({ n: 1 })).toBe('1');
    expect(render({ n: 2 })).toBe('2');
  });
});
