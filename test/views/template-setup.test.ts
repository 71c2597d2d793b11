/** Templates set up their helpers once (view.ts setUpTemplatesOnce), and anew whenever what the set-up reads has changed. */
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { createHandlebars, setUpTemplatesOnce } from '../../src/plugins/view.js';

/** An environment whose helpers count how often a template's set-up enumerates them. */
function counted(hbs: typeof Handlebars = Handlebars.create()) {
  const setUps = { count: 0 };
  const environment = hbs as unknown as { helpers: typeof hbs.helpers };
  environment.helpers = new Proxy(hbs.helpers, {
    ownKeys(target) {
      setUps.count++;
      return Reflect.ownKeys(target);
    },
  });
  hbs.registerHelper('h', () => 'G');
  return { hbs, setUps };
}

describe('setUpTemplatesOnce', () => {
  it('sets a template up at its first call only', () => {
    const { hbs, setUps } = counted();
    setUpTemplatesOnce(hbs);
    const render = hbs.compile('<{{h}} {{name}}>');
    expect(render({ name: 'a' })).toBe('<G a>');
    expect(render({ name: 'b' })).toBe('<G b>');
    expect(render({ name: 'c' }, { data: { x: 1 } })).toBe('<G c>');
    expect(setUps.count).toBe(1);
  });

  it('is what the views\' environment does', () => {
    const { hbs, setUps } = counted(createHandlebars());
    const render = hbs.compile('{{h}}');
    expect(render({}) + render({})).toBe('GG');
    expect(setUps.count).toBe(1);
  });

  it('sets up anew after a helper or partial was registered or removed', () => {
    const { hbs } = counted();
    setUpTemplatesOnce(hbs);
    const render = hbs.compile('{{h}}|{{k}}|{{> p}}');
    hbs.registerPartial('p', 'one');
    expect(render({ k: 'value' })).toBe('G|value|one');
    hbs.registerHelper('k', () => 'helper');
    expect(render({ k: 'value' })).toBe('G|helper|one');
    hbs.unregisterHelper('k');
    hbs.registerPartial('p', 'two');
    expect(render({ k: 'value' })).toBe('G|value|two');
  });

  it('takes the helpers of a call with options of its own for that call only', () => {
    const { hbs } = counted();
    setUpTemplatesOnce(hbs);
    const render = hbs.compile('{{h}}');
    expect(render({})).toBe('G');
    expect(render({}, { helpers: { h: () => 'L' } })).toBe('L');
    expect(render({})).toBe('G');
  });

  it('sets a template up anew at its next call after it was used as a partial', () => {
    const { hbs } = counted();
    setUpTemplatesOnce(hbs);
    const inner = hbs.compile('{{h}}');
    hbs.registerPartial('inner', inner);
    const outer = hbs.compile('[{{> inner}}]');
    expect(inner({})).toBe('G');
    expect(outer({}, { helpers: { h: () => 'L' } })).toBe('[L]');
    expect(inner({})).toBe('G');
  });
});
