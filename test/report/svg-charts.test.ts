import { describe, expect, it } from 'vitest';
import { axisTicks, niceMax, tickLabel } from '../../lib/report/svg-charts.ts';

describe('chart axes', () => {
  it('tick at round numbers: a step of 1, 2, 2.5 or 5 × 10ⁿ, whole, from 0 to a round maximum', () => {
    for (let max = 0; max <= 2_000_000; max = max < 10 ? max + 1 : Math.ceil(max * 1.37)) {
      const ticks = axisTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks[ticks.length - 1]).toBe(niceMax(max));
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      const step = ticks[1]! - ticks[0]!;
      expect(String(step), `max ${max}`).toMatch(/^(1|2|25|5)0*$/);
      expect(ticks.length - 1).toBeLessThanOrEqual(6);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBe(step);
    }
  });

  it('label exact thousands and millions short, anything else in full', () => {
    expect([0, 500, 1_000, 1_500, 2_500, 1_000_000, 1_250].map(tickLabel)).toEqual([
      '0',
      '500',
      '1K',
      '1.5K',
      '2.5K',
      '1M',
      '1,250',
    ]);
  });
});
