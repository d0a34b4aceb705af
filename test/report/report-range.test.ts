import { describe, expect, it } from 'vitest';
import { addDays, isDay, resolveRange } from '../../lib/report/report-range.ts';

const DATA = ['2026-09-01', '2026-10-15', '2026-11-20', '2026-11-24'];

describe('resolveRange', () => {
  it('defaults to the 30 days ending on the newest day with data, daily', () => {
    const r = resolveRange({}, DATA);
    expect(r.to).toBe('2026-11-24');
    expect(r.from).toBe('2026-10-26');
    expect(r.days).toHaveLength(30);
    expect(r.granularity).toBe('day');
    expect(r.previous[0]).toBe('2026-09-26');
    expect(r.previous.at(-1)).toBe('2026-10-25');
  });

  it('starts at the oldest day when all data is younger than 30 days', () => {
    const r = resolveRange({}, ['2026-11-01', '2026-11-02']);
    expect([r.from, r.to, r.granularity]).toEqual(['2026-11-01', '2026-11-02', 'hour']);
    expect(r.previous).toEqual(['2026-10-30', '2026-10-31']);
  });

  it('takes explicit days, hourly up to three days, daily beyond', () => {
    expect(resolveRange({ from: '2026-11-01', to: '2026-11-03' }, DATA).granularity).toBe('hour');
    expect(resolveRange({ from: '2026-11-01', to: '2026-11-04' }, DATA).granularity).toBe('day');
    expect(resolveRange({ from: '2026-11-22' }, DATA).to).toBe('2026-11-24');
    expect(resolveRange({ to: '2026-03-01' }, DATA).from).toBe('2026-01-31');
  });

  it('crosses month and leap-year ends', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(resolveRange({ from: '2028-02-28', to: '2028-03-01' }, []).days).toEqual([
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
  });

  it('rejects days that are not days, reversed ranges and stores without data', () => {
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(() => resolveRange({ from: '2026-13-01' }, DATA)).toThrow('--from must be a day');
    expect(() => resolveRange({ to: 'yesterday' }, DATA)).toThrow('--to must be a day');
    expect(() => resolveRange({ from: '2026-11-05', to: '2026-11-01' }, DATA)).toThrow('after --to');
    expect(() => resolveRange({}, [])).toThrow('no aggregate tables');
  });
});
