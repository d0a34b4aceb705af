import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Group, GroupCounter } from '../../lib/aggregate/group-counter.ts';

const key = fc.constantFrom('a', 'b', 'a\u0000b', '', '(other)');
const visitor = fc.option(fc.constantFrom('v1', 'v2', 'v3', 'v4', 'v5', 'v6'));

/** What a group says: its keys, sums and distinct visitors, in the counter's order. */
const seen = (groups: Group[]) => groups.map((g) => [g.keys, g.sums, g.visitors.size]);

describe('GroupCounter lookups without key strings', () => {
  it('three(a, b, c) finds the same groups as add([a, b, c], …), in the same order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, key, key, visitor), { maxLength: 80 }), fc.nat(4), (hits, k) => {
        const byAdd = new GroupCounter(1);
        const byThree = new GroupCounter(1);
        for (const [a, b, c, v] of hits) {
          byAdd.add([a, b, c], [1], v);
          const g = byThree.three(a, b, c);
          g.sums[0]! += 1;
          if (v !== null) g.visitors.add(v);
        }
        expect(seen(byThree.all())).toEqual(seen(byAdd.all()));
        expect(seen(byThree.folded(k))).toEqual(seen(byAdd.folded(k)));
      }),
      { numRuns: 300 },
    );
  });

  it('two(a, b) finds the same groups as add([a, b], …), in the same order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, key, visitor), { maxLength: 80 }), fc.nat(4), (hits, k) => {
        const byAdd = new GroupCounter(1);
        const byTwo = new GroupCounter(1);
        for (const [a, b, v] of hits) {
          byAdd.add([a, b], [1], v);
          const g = byTwo.two(a, b);
          g.sums[0]! += 1;
          if (v !== null) g.visitors.add(v);
        }
        expect(seen(byTwo.all())).toEqual(seen(byAdd.all()));
        expect(seen(byTwo.folded(k))).toEqual(seen(byAdd.folded(k)));
      }),
      { numRuns: 300 },
    );
  });
});
