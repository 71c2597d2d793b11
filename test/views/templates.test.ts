/** The view layer: UI strings inlined into templates at compile time render as the helper would. */
import { describe, expect, it } from 'vitest';
import { createHandlebars, inlineStaticStrings, translate } from '../../src/plugins/view.js';

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
