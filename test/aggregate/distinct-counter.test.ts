import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctCounter, EXACT_LIMIT, fnvPair, hashOf } from '../../lib/aggregate/distinct-counter.ts';

const id = (i: number, salt = 's') => createHash('sha256').update(`${salt}${i}`).digest('hex').slice(0, 16);

describe('DistinctCounter', () => {
  it('is exact up to 10,000 distinct ids', () => {
    const c = new DistinctCounter();
    for (let i = 0; i < EXACT_LIMIT; i++) {
      c.add(id(i));
      c.add(id(i));
    }
    expect(c.size).toBe(EXACT_LIMIT);
    expect(c.isExact).toBe(true);
  });

  it.each([12_000, 50_000, 250_000])('estimates %i distinct ids within 2%', (n) => {
    const c = new DistinctCounter();
    for (let i = 0; i < n; i++) c.add(id(i));
    expect(c.isExact).toBe(false);
    expect(Math.abs(c.size - n) / n).toBeLessThan(0.02);
  });

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
        expect(a.isExact).toBe(true);
      }),
    );
  });

  it('moves a lone id into the sketch when merged with a sketched counter', () => {
    const big = new DistinctCounter();
    for (let i = 0; i < 20_000; i++) big.add(id(i));
    const lone = new DistinctCounter();
    lone.add(id(99_999));
    lone.merge(big);
    expect(lone.isExact).toBe(false);
    expect(Math.abs(lone.size - 20_001) / 20_001).toBeLessThan(0.02);
  });

  it('merges exact and sketched counters as a union', () => {
    const a = new DistinctCounter();
    const b = new DistinctCounter();
    for (let i = 0; i < 30_000; i++) a.add(id(i));
    for (let i = 20_000; i < 40_000; i++) b.add(id(i));
    a.merge(b);
    expect(Math.abs(a.size - 40_000) / 40_000).toBeLessThan(0.02);
    const small = new DistinctCounter();
    small.add('x');
    small.merge(new DistinctCounter());
    expect(small.size).toBe(1);
  });
});

describe('the hash of an id', () => {
  /** The rule as first written: the first 16 hex digits of an HMAC id as two halves, else FNV-1a. */
  const reference = (id: string): [number, number] =>
    id.length >= 16 && /^[0-9a-f]{16}/.test(id)
      ? [Number.parseInt(id.slice(0, 8), 16) >>> 0, Number.parseInt(id.slice(8, 16), 16) >>> 0]
      : fnvPair(id);

  it('is the first 16 hex digits of a hex id, and FNV-1a of anything else', () => {
    const hexId = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 32 });
    const anyId = fc.oneof(
      hexId,
      fc.string({ maxLength: 24 }),
      // Hex with one character off (upper case, 'g', a space) somewhere in the first 16.
      fc
        .tuple(hexId, fc.nat(15), fc.constantFrom('A', 'F', 'g', ' ', '/', ':'))
        .map(([h, i, c]) => h.slice(0, i) + c + h.slice(i + 1)),
    );
    fc.assert(
      fc.property(anyId, (id) => {
        expect(hashOf(id)).toEqual(reference(id));
      }),
      { numRuns: 2000 },
    );
  });
});
