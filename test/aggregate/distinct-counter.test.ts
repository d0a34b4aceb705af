import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctCounter } from '../../lib/aggregate/distinct-counter.ts';

const id = (i: number) => createHash('sha256').update(`s${i}`).digest('hex').slice(0, 16);

describe('DistinctCounter', () => {
  it('counts exactly like a Set through every state (none, one, several), merged any way', () => {
    const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'ab', ''), { maxLength: 12 });
    fc.assert(
      fc.property(ids, ids, (left, right) => {
        const a = new DistinctCounter();
        const b = new DistinctCounter();
        for (const x of left) a.add(x);
        for (const x of right) b.add(x);
        expect(a.size).toBe(new Set(left).size);
        a.merge(b);
        expect(a.size).toBe(new Set([...left, ...right]).size);
      }),
    );
  });

  it('stays exact far beyond where a sketch would take over (the contract counts visitors exactly)', () => {
    const a = new DistinctCounter();
    const b = new DistinctCounter();
    for (let i = 0; i < 150_000; i++) a.add(id(i));
    for (let i = 100_000; i < 250_001; i++) b.add(id(i));
    expect(a.size).toBe(150_000);
    a.merge(b);
    expect(a.size).toBe(250_001);
  });
});
