/**
 * Behavioural bots (docs/tables.md): a visitor that fetched /robots.txt, or made more than 60 page views in
 * one calendar UTC minute, or more than 1,000 in the day, is a bot for that whole day.
 */
import type { AggregateOptions } from './aggregate-options.ts';
import { type DayTable, IS_PAGE_VIEW_FLAG, NULL_CODE, PATH, VISITOR } from './day-table.ts';

const ROBOTS = '/robots.txt';

interface Counts {
  minute: number;
  inMinute: number;
  inDay: number;
}

/**
 * The visitor codes (DayTable.codes[VISITOR]) of the bots among `rows`. Expects rows in time order
 * (computeSite's order): a visitor's page views of one minute are then consecutive among theirs, so
 * one counter per visitor replaces a key per visitor and minute. Rows out of order are handled on a
 * sorted copy.
 */
export function behaviouralBots(
  table: DayTable,
  rows: readonly number[],
  options: AggregateOptions,
): Set<number> {
  const { ts, flags, strings } = table;
  const visitorOf = table.codes[VISITOR]!;
  const pathOf = table.codes[PATH]!;
  const bots = new Set<number>();
  const counts = new Map<number, Counts>();
  let lastTs = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    if (ts[r]! < lastTs)
      return behaviouralBots(
        table,
        [...rows].sort((a, b) => ts[a]! - ts[b]!),
        options,
      );
    lastTs = ts[r]!;
    const visitor = visitorOf[r]!;
    if (visitor === NULL_CODE || bots.has(visitor)) continue;
    const path = strings[pathOf[r]!]!;
    if (path.length === ROBOTS.length && path.toLowerCase() === ROBOTS) {
      bots.add(visitor);
      continue;
    }
    if ((flags[r]! & IS_PAGE_VIEW_FLAG) === 0) continue;
    const minute = Math.floor(ts[r]! / 60_000);
    let c = counts.get(visitor);
    if (c === undefined) {
      c = { minute, inMinute: 0, inDay: 0 };
      counts.set(visitor, c);
    } else if (c.minute !== minute) {
      c.minute = minute;
      c.inMinute = 0;
    }
    c.inMinute++;
    c.inDay++;
    if (c.inMinute > options.botPageViewsPerMinute || c.inDay > options.botPageViewsPerDay) bots.add(visitor);
  }
  return bots;
}
