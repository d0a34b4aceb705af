import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADMIT_SPARSE, BoundedCache, WINDOW } from '../../lib/privacy/bounded-cache.ts';

/** Looks a key up as the rules do: the cached answer, or the computed one stored. */
function lookUp(cache: BoundedCache<string>, key: string, compute: (k: string) => string): string {
  return cache.get(key) ?? cache.set(key, compute(key));
}

describe('BoundedCache', () => {
  it('answers exactly what computing every time answers, whatever the mix of repeats and new keys', () => {
    const compute = (k: string) => `v:${k.length}:${k}`;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.string({ maxLength: 6 })), {
          maxLength: 3 * WINDOW,
        }),
        fc.integer({ min: 2, max: 64 }),
        (keys, limit) => {
          const cache = new BoundedCache<string>(limit);
          for (const key of keys) expect(lookUp(cache, key, compute)).toBe(compute(key));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stores only one miss in ADMIT_SPARSE once nearly every lookup misses, and stores all again once keys repeat', () => {
    const cache = new BoundedCache<string>(1_000_000);
    const id = (k: string) => k;
    for (let i = 0; i < 10 * WINDOW; i++) lookUp(cache, `new-${i}`, id);
    // The first window stores every miss; the next nine only one in ADMIT_SPARSE.
    expect(cache.size).toBeLessThanOrEqual(WINDOW + Math.ceil((9 * WINDOW) / ADMIT_SPARSE) + 1);
    expect(cache.size).toBeGreaterThanOrEqual(WINDOW);
    // A site whose keys repeat: a window of hits on what is stored turns storing back on.
    for (let i = 0; i < WINDOW; i++) lookUp(cache, `new-${i % 100}`, id);
    const before = cache.size;
    for (let i = 0; i < 200; i++) lookUp(cache, `later-${i}`, id);
    expect(cache.size - before).toBe(200);
  });

  it('keeps every key of a repeating log (a real site: few thousand values, millions of lookups)', () => {
    const cache = new BoundedCache<string>();
    const id = (k: string) => k;
    for (let i = 0; i < 5 * WINDOW; i++) lookUp(cache, `page-${(i * 7919) % 3000}`, id);
    expect(cache.size).toBe(3000);
  });
});
