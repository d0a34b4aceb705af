import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DistinctCounter, EXACT_LIMIT } from '../../lib/aggregate/distinct-counter.ts';

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
