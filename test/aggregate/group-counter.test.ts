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

/** generalized() as first written: every group copied into a new bucket at every level. */
function generalizedByCopies(
  groups: Group[],
  k: number,
  levels: readonly number[],
  at: (keys: string[], level: number) => string[],
): Array<[string[], number[], number]> {
  const copy = (g: Group) => ({ keys: g.keys, sums: [...g.sums], ids: new Set(idsOf(g)) });
  type Bucket = ReturnType<typeof copy>;
  const out: Bucket[] = [];
  let pending: Bucket[] = [];
  for (const g of groups) (g.visitors.size >= k ? out : pending).push(copy(g));
  for (const level of levels) {
    const buckets = new Map<string, Bucket>();
    for (const b of pending) {
      const keys = at(b.keys, level);
      const id = keys.join('\u0000');
      const into = buckets.get(id);
      if (!into) buckets.set(id, { keys, sums: [...b.sums], ids: new Set(b.ids) });
      else {
        b.sums.forEach((n, i) => {
          into.sums[i]! += n;
        });
        for (const v of b.ids) into.ids.add(v);
      }
    }
    pending = [];
    for (const b of buckets.values()) (b.ids.size >= k ? out : pending).push(b);
  }
  if (pending.length > 0) {
    const other = {
      keys: pending[0]!.keys.map(() => '(other)'),
      sums: pending[0]!.sums.map(() => 0),
      ids: new Set<string>(),
    };
    for (const b of pending) {
      b.sums.forEach((n, i) => {
        other.sums[i]! += n;
      });
      for (const v of b.ids) other.ids.add(v);
    }
    out.push(other);
  }
  return out.map((b) => [b.keys, b.sums, b.ids.size]);
}

/** The distinct visitors a group holds (DistinctCounter keeps them private; merge reads them). */
function idsOf(g: Group): string[] {
  const ids: string[] = [];
  const probe = { add: (id: string) => ids.push(id) };
  g.visitors.merge.call(probe as never, g.visitors);
  return ids;
}

describe('GroupCounter.generalized', () => {
  const segment = fc.constantFrom('a', 'b', 'c');
  const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`);
  const at = (keys: string[], level: number) =>
    keys.map((p) => {
      const parts = p.split('/');
      return parts.length - 1 <= level ? p : `${parts.slice(0, level + 1).join('/')}/(other)`;
    });

  it('publishes what copying every group at every level publishes, and leaves the counter as it was', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(path, path, visitor), { maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        (hits, k) => {
          const counter = new GroupCounter(2);
          for (const [a, b, v] of hits) counter.add([a, b], [1, a.length], v);
          const before = seen(counter.all());
          const levels = [3, 2, 1];
          const expected = generalizedByCopies(counter.all(), k, levels, at);
          const published = counter.generalized(k, levels, at);
          expect(seen(published)).toEqual(expected);
          expect(seen(counter.all())).toEqual(before);
          // Asking again publishes the same: nothing was merged into a group the counter holds.
          expect(seen(counter.generalized(k, levels, at))).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
