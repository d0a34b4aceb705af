/**
 * Rows keyed by some columns that add up counts and count distinct visitors: the building block of
 * every aggregate table, with k-anonymity folding into `(other)` rows.
 */
import { DistinctCounter } from './distinct-counter.ts';

export const OTHER = '(other)';

export interface Group {
  readonly keys: string[];
  readonly sums: number[];
  readonly visitors: DistinctCounter;
}

type Nested<T> = Map<string, T>;

export class GroupCounter {
  private readonly groups = new Map<string, Group>();
  /** Groups by first, second (and third) key: finds a group without joining its keys. */
  private readonly byKeys: Nested<Nested<Group | Nested<Group>>> = new Map();

  constructor(private readonly sumCount: number) {}

  /** The group for these key values (created on first use). */
  get(keys: string[]): Group {
    // A counter always sees the same number of keys: one key is its own id (no string built).
    const id = keys.length === 1 ? keys[0]! : keys.join('\u0000');
    let group = this.groups.get(id);
    if (!group) {
      group = { keys, sums: new Array(this.sumCount).fill(0), visitors: new DistinctCounter() };
      this.groups.set(id, group);
    }
    return group;
  }

  /**
   * The group of a one-column key: the same group `get([key])` returns, without an array per call
   * (the aggregation asks once per event and table).
   */
  one(key: string): Group {
    let group = this.groups.get(key);
    if (!group) {
      group = { keys: [key], sums: new Array(this.sumCount).fill(0), visitors: new DistinctCounter() };
      this.groups.set(key, group);
    }
    return group;
  }

  /** The group `get([a, b])` returns, found without a key string or array per call. */
  two(a: string, b: string): Group {
    const inner = this.inner(a) as Nested<Group>;
    let group = inner.get(b);
    if (!group) {
      group = this.get([a, b]);
      inner.set(b, group);
    }
    return group;
  }

  /** The group `get([a, b, c])` returns, found without a key string or array per call. */
  three(a: string, b: string, c: string): Group {
    const middle = this.inner(a) as Nested<Nested<Group>>;
    let inner = middle.get(b);
    if (!inner) {
      inner = new Map();
      middle.set(b, inner);
    }
    let group = inner.get(c);
    if (!group) {
      group = this.get([a, b, c]);
      inner.set(c, group);
    }
    return group;
  }

  private inner(first: string): Nested<Group | Nested<Group>> {
    let inner = this.byKeys.get(first);
    if (!inner) {
      inner = new Map();
      this.byKeys.set(first, inner);
    }
    return inner;
  }

  add(keys: string[], sums: readonly number[], visitor: string | null): void {
    const group = this.get(keys);
    for (let i = 0; i < sums.length; i++) group.sums[i]! += sums[i]!;
    if (visitor !== null) group.visitors.add(visitor);
  }

  all(): Group[] {
    return [...this.groups.values()];
  }

  /**
   * k-anonymity (docs/privacy.md): groups with fewer than k distinct visitors are folded into one `(other)`
   * group per value of the kept key columns (`keep(i)` true); their sums add up and their visitors
   * are the distinct visitors of the folded groups, so totals still add up. As in the SQL, rows are
   * grouped by the key they are written with: a genuine key spelled `(other)` (a campaign named so)
   * shares the fold row.
   */
  folded(k: number, keep: (keyIndex: number) => boolean = () => false): Group[] {
    const out = new Map<string, Group>();
    for (const group of this.groups.values()) {
      const keys =
        group.visitors.size >= k ? group.keys : group.keys.map((value, i) => (keep(i) ? value : OTHER));
      const id = keys.join('\u0000');
      const into = out.get(id);
      if (into === undefined) {
        // The first group of a written key is kept as it is (no copy of its visitors).
        out.set(
          id,
          keys === group.keys ? group : { keys, sums: [...group.sums], visitors: copyOf(group.visitors) },
        );
        continue;
      }
      for (let i = 0; i < group.sums.length; i++) into.sums[i]! += group.sums[i]!;
      into.visitors.merge(group.visitors);
    }
    return [...out.values()];
  }

  /**
   * k-anonymity by generalization before suppression (path-ladder.ts): a group with fewer than k
   * visitors is merged, with the other such groups of the same prefix, into the row of its paths at
   * the next level up (`at(keys, level)`), level by level; a merged row with k visitors or more is
   * published, the rest climbs on, and what is still below k after the last level goes into one
   * `(other)` row (every key column). Every group is counted in exactly one row.
   */
  generalized(
    k: number,
    levels: readonly number[],
    at: (keys: string[], level: number) => string[],
  ): Group[] {
    const out: Group[] = [];
    let pending: Group[] = [];
    for (const group of this.groups.values()) (group.visitors.size >= k ? out : pending).push(group);
    /**
     * Buckets a lone group climbed into share its sums and visitors: most rare paths of a long-tail
     * site climb alone, and a copy per group and level was most of this method's time and memory.
     * A bucket is copied only when a second group merges into it, so the counter's groups are never
     * changed (published rows may share their arrays, as groups published at once always did).
     */
    const borrowed = new Set<Group>();
    for (const level of levels) {
      const buckets = new Map<string, Group>();
      for (const group of pending) {
        const keys = at(group.keys, level);
        const id = keys.join('\u0000');
        let into = buckets.get(id);
        if (into === undefined) {
          const bucket = { keys, sums: group.sums, visitors: group.visitors };
          borrowed.add(bucket);
          buckets.set(id, bucket);
          continue;
        }
        if (borrowed.has(into)) {
          borrowed.delete(into);
          into = { keys: into.keys, sums: [...into.sums], visitors: copyOf(into.visitors) };
          buckets.set(id, into);
        }
        for (let i = 0; i < group.sums.length; i++) into.sums[i]! += group.sums[i]!;
        into.visitors.merge(group.visitors);
      }
      pending = [];
      for (const bucket of buckets.values()) (bucket.visitors.size >= k ? out : pending).push(bucket);
    }
    if (pending.length > 0) {
      const other: Group = {
        keys: pending[0]!.keys.map(() => OTHER),
        sums: new Array(this.sumCount).fill(0),
        visitors: new DistinctCounter(),
      };
      for (const group of pending) {
        for (let i = 0; i < group.sums.length; i++) other.sums[i]! += group.sums[i]!;
        other.visitors.merge(group.visitors);
      }
      out.push(other);
    }
    return out;
  }
}

function copyOf(visitors: DistinctCounter): DistinctCounter {
  const copy = new DistinctCounter();
  copy.merge(visitors);
  return copy;
}
