import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageStore, type Entry } from '../../src/plugins/page-cache.js';

function page(bytes: number): Entry {
  return { identity: { body: Buffer.alloc(bytes, 'a'), etag: '"x"' }, headers: {} };
}
const gzipOf = (bytes: number) => ({ body: Buffer.alloc(bytes, 'z'), etag: '"x-gz"' });

describe('page store', () => {
  it('stays within its byte budget and drops the least recently used page first', () => {
    const store = new PageStore(1000);
    store.set('/a', page(400));
    store.set('/b', page(400));
    expect(store.get('/a')).toBeDefined(); // /a is now the more recent one
    store.set('/c', page(400));
    expect(store.get('/b')).toBeUndefined();
    expect(store.get('/a')).toBeDefined();
    expect(store.get('/c')).toBeDefined();
    expect(store.bytes).toBe(800);
    // a page larger than the whole budget is not stored and evicts nothing
    store.set('/huge', page(1001));
    expect(store.get('/huge')).toBeUndefined();
    expect(store.size).toBe(2);
  });

  it('counts a gzip copy, and ignores one made for a page dropped meanwhile', () => {
    const store = new PageStore(1000);
    const a = page(400);
    store.set('/a', a);
    store.attachGzip('/a', a, gzipOf(100));
    expect(store.bytes).toBe(500);
    expect(store.get('/a')?.gzip?.body.length).toBe(100);
    const b = page(300);
    store.set('/b', b);
    store.set('/b', page(300)); // re-rendered (a new generation): the old entry's copy must not land
    store.attachGzip('/b', b, gzipOf(50));
    expect(store.get('/b')?.gzip).toBeUndefined();
    store.clear();
    store.attachGzip('/a', a, gzipOf(100));
    expect(store.bytes).toBe(0);
    expect(store.size).toBe(0);
  });

  it('wants a page on its second visit, not its first, and remembers a bounded number of addresses', () => {
    const store = new PageStore(10_000, () => true, 2);
    expect(store.wants('/a')).toBe(false); // first visit: only noted
    expect(store.wants('/a')).toBe(true);
    expect(store.wants('/b')).toBe(false);
    expect(store.wants('/c')).toBe(false); // a third address: the oldest one (/a) is forgotten
    expect(store.wants('/a')).toBe(false);
    expect(store.wants('/c')).toBe(true);
    expect(store.size).toBe(0); // wanting stores nothing
    store.set('/c', page(400));
    expect(store.get('/c')).toBeDefined();
  });

  it('once full, wants a page asked for again only when the admission says so, and always while there is room', () => {
    let admissions = 0;
    let admitNext = false;
    const store = new PageStore(1000, () => {
      admissions++;
      return admitNext;
    });
    for (const url of ['/a', '/b', '/c']) expect(store.wants(url)).toBe(false);
    expect(store.wants('/a')).toBe(true);
    store.set('/a', page(400));
    expect(store.wants('/b')).toBe(true); // room for another page of the average size
    store.set('/b', page(400));
    expect(admissions).toBe(0); // room left: no question asked
    expect(store.wants('/c')).toBe(false); // full: refused, /a and /b stay
    expect(admissions).toBe(1);
    expect(store.size).toBe(2);
    admitNext = true;
    expect(store.wants('/c')).toBe(true);
    expect(admissions).toBe(2);
    store.set('/c', page(400)); // admitted: the least recently used page (/a) goes
    expect(store.get('/c')).toBeDefined();
    expect(store.get('/a')).toBeUndefined();
    expect(store.bytes).toBe(800);
    // a page pushed out for room is a first visit again
    admitNext = false;
    expect(store.wants('/a')).toBe(false);
    expect(admissions).toBe(2);
  });

  it('after a write, counts the dropped pages as seen; clear forgets them', () => {
    const store = new PageStore(10_000);
    for (const url of ['/a', '/b']) {
      store.wants(url);
      store.set(url, page(100));
    }
    store.invalidate();
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
    expect(store.wants('/a')).toBe(true); // stored again at its next visit
    expect(store.wants('/b')).toBe(true);
    store.set('/a', page(100));
    store.clear();
    expect(store.size).toBe(0);
    expect(store.wants('/a')).toBe(false);
    expect(store.wants('/b')).toBe(false);
  });

  it('holds exactly the bytes of its pages, never more than the budget, after any series of operations', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), url: fc.integer({ min: 0, max: 9 }), bytes: fc.integer({ min: 1, max: 700 }) }),
      fc.record({ kind: fc.constant('get' as const), url: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ kind: fc.constant('gzip' as const), url: fc.integer({ min: 0, max: 9 }), bytes: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ kind: fc.constant('clear' as const) }),
      fc.record({ kind: fc.constant('invalidate' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const store = new PageStore(2000);
        const entries = new Map<string, Entry>();
        for (const o of ops) {
          if (o.kind === 'set') {
            const entry = page(o.bytes);
            entries.set(`/${o.url}`, entry);
            store.set(`/${o.url}`, entry);
          } else if (o.kind === 'get') {
            store.get(`/${o.url}`);
          } else if (o.kind === 'gzip') {
            const entry = entries.get(`/${o.url}`);
            if (entry && !entry.gzip) store.attachGzip(`/${o.url}`, entry, gzipOf(o.bytes));
          } else if (o.kind === 'invalidate') {
            store.invalidate();
          } else {
            store.clear();
          }
          let held = 0;
          for (let url = 0; url < 10; url++) {
            const entry = store.get(`/${url}`);
            if (entry) held += entry.identity.body.length + (entry.gzip?.body.length ?? 0);
          }
          expect(store.bytes).toBe(held);
          expect(store.bytes).toBeLessThanOrEqual(2000);
        }
      }),
    );
  });
});
