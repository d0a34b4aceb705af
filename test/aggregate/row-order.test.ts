import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAGES_DAILY, TRAFFIC_HOURLY } from '../../lib/aggregate/aggregate-tables.ts';
import type { AggregateRow } from '../../lib/aggregate/compute-day.ts';
import { canonicalRows } from '../../lib/aggregate/row-order.ts';

describe('canonicalRows', () => {
  it('writes site, then hour ascending, then the rest', () => {
    const rows = [
      { site: 'b', hour: 1, hits: 5 },
      { site: 'a', hour: 3, hits: 1 },
      { site: 'a', hour: 0, hits: 9 },
    ];
    expect(canonicalRows(TRAFFIC_HOURLY, rows).map((r) => [r.site, r.hour])).toEqual([
      ['a', 0],
      ['a', 3],
      ['b', 1],
    ]);
  });

  it('gives one order whatever order the rows and their keys come in (either engine)', () => {
    const row = fc.record({
      site: fc.constantFrom('a.example', 'b.example'),
      path: fc.constantFrom('/', '/x', '(other)'),
      page_views: fc.integer({ min: 1, max: 3 }),
      visitors: fc.integer({ min: 1, max: 3 }),
      entries: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.integer(), (rows, seed) => {
        // The same rows, shuffled, each with its keys in another order.
        const shuffled = rows
          .map((r, i) => ({ r, k: Math.sin(seed + i) }))
          .sort((a, b) => a.k - b.k)
          .map(({ r }) => Object.fromEntries(Object.entries(r).reverse()) as AggregateRow);
        const a = canonicalRows(PAGES_DAILY, rows);
        const b = canonicalRows(PAGES_DAILY, shuffled);
        expect(b.map((r) => JSON.stringify(r))).toEqual(a.map((r) => JSON.stringify(r)));
        // Biggest page views first within a site.
        for (let i = 1; i < a.length; i++)
          if (a[i]!.site === a[i - 1]!.site)
            expect(Number(a[i]!.page_views)).toBeLessThanOrEqual(Number(a[i - 1]!.page_views));
      }),
    );
  });
});
