/**
 * Behavioural bots (DESIGN §4): a visitor that fetched /robots.txt, or made more than 60 page views in
 * one calendar UTC minute, or more than 1,000 in the day, is a bot for that whole day.
 */
import type { AggregateOptions } from './aggregate-options.ts';
import type { DayEvent } from './day-event.ts';

const ROBOTS = '/robots.txt';

interface Counts {
  minute: number;
  inMinute: number;
  inDay: number;
}

/**
 * Expects events in time order (computeSite sorts them): a visitor's page views of one minute are
 * then consecutive among theirs, so one counter per visitor replaces a key per visitor and minute.
 * Events out of order are handled on a sorted copy.
 */
export function behaviouralBots(events: readonly DayEvent[], options: AggregateOptions): Set<string> {
  const bots = new Set<string>();
  const counts = new Map<string, Counts>();
  let lastTs = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    if (e.ts < lastTs)
      return behaviouralBots(
        [...events].sort((a, b) => a.ts - b.ts),
        options,
      );
    lastTs = e.ts;
    const visitor = e.visitor_id;
    if (visitor === null || bots.has(visitor)) continue;
    if (e.path.length === ROBOTS.length && e.path.toLowerCase() === ROBOTS) {
      bots.add(visitor);
      continue;
    }
    if (!e.is_page_view) continue;
    const minute = Math.floor(e.ts / 60_000);
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
