import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fractionMs, parseClfTime } from '../../lib/formats/clf-time.ts';
import { parseIsoTime } from '../../lib/formats/iso-time.ts';
import { zoneResolver } from '../../lib/formats/time-zone.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const utc = zoneResolver('UTC');
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('parseClfTime', () => {
  it('reads every valid time with any offset and month-name case', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-02T00:00:00Z'),
          max: new Date('2199-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.constantFrom<(m: string) => string>(
          (m) => m,
          (m) => m.toUpperCase(),
          (m) => m.toLowerCase(),
        ),
        (date, offsetMinutes, caseOf) => {
          const ms = Math.floor(date.getTime() / 1000) * 1000;
          const local = new Date(ms + offsetMinutes * 60_000);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const text = `${pad(local.getUTCDate())}/${caseOf(MONTHS[local.getUTCMonth()]!)}/${local.getUTCFullYear()}:${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
          const year = local.getUTCFullYear();
          expect(parseClfTime(text, utc)).toBe(year >= 1970 && year < 2200 ? ms : null);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('rejects anything but the twelve month names', () => {
    const names = new Set(MONTHS.map((m) => m.toLowerCase()));
    fc.assert(
      fc.property(fc.string({ minLength: 3, maxLength: 3, unit: 'binary' }), (month) => {
        fc.pre(!names.has(month.toLowerCase()));
        expect(parseClfTime(`10/${month}/2026:16:42:07 -0500`, utc)).toBeNull();
      }),
      { numRuns: 2_000 },
    );
    // Would collide with "jan" if the three characters were not checked to be ASCII.
    expect(parseClfTime(`10/j\u6a61n/2026:16:42:07 -0500`, utc)).toBeNull();
    expect(parseClfTime('10/Feb/2026:16:42:07 -0500', utc)).toBe(Date.UTC(2026, 1, 10, 21, 42, 7));
    expect(parseClfTime('31/Feb/2026:16:42:07 -0500', utc)).toBeNull();
  });
});

describe('fractional seconds (CLF and ISO share one reader)', () => {
  it('keeps milliseconds, truncates finer digits and rejects an empty fraction', () => {
    const base = Date.UTC(2012, 1, 10, 21, 42, 7);
    expect(parseClfTime('10/Feb/2012:16:42:07.5 -0500', utc)).toBe(base + 500);
    expect(parseClfTime('10/Feb/2012:16:42:07.05 -0500', utc)).toBe(base + 50);
    expect(parseClfTime('10/Feb/2012:16:42:07.123456 -0500', utc)).toBe(base + 123);
    expect(parseClfTime('10/Feb/2012:16:42:07. -0500', utc)).toBeNull();
    expect(parseIsoTime('2026-11-25T10:00:00.123456Z', utc)).toBe(Date.UTC(2026, 10, 25, 10, 0, 0, 123));
    expect(parseIsoTime('2026-11-25T10:00:00,05Z', utc)).toBe(Date.UTC(2026, 10, 25, 10, 0, 0, 50));
    expect(parseIsoTime('2026-11-25T10:00:00.Z', utc)).toBeNull();
  });

  it('reads any digits as the first three of them, padded', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,9}$/), (fraction) => {
        const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
        expect(fractionMs(fraction, 0, fraction.length)).toBe(ms);
        expect(parseIsoTime(`2026-11-25T10:00:00.${fraction}Z`, utc)).toBe(
          Date.UTC(2026, 10, 25, 10, 0, 0, ms),
        );
      }),
    );
  });
});
