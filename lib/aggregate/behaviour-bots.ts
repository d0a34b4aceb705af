/**
 * Behavioural bots (DESIGN §4): a visitor that fetched /robots.txt, or made more than 60 page views in
 * one calendar UTC minute, or more than 1,000 in the day, is a bot for that whole day.
 */
import type { AggregateOptions } from './aggregate-options.ts';
import type { DayEvent } from './day-event.ts';

export function behaviouralBots(events: readonly DayEvent[], options: AggregateOptions): Set<string> {
  const bots = new Set<string>();
  const perMinute = new Map<string, number>();
  const perDay = new Map<string, number>();
  for (const e of events) {
    const visitor = e.visitor_id;
    if (visitor === null || bots.has(visitor)) continue;
    if (e.path.toLowerCase() === '/robots.txt') {
      bots.add(visitor);
      continue;
    }
    if (!e.is_page_view) continue;
    const minuteKey = `${visitor}|${Math.floor(e.ts / 60_000)}`;
    const inMinute = (perMinute.get(minuteKey) ?? 0) + 1;
    perMinute.set(minuteKey, inMinute);
    const inDay = (perDay.get(visitor) ?? 0) + 1;
    perDay.set(visitor, inDay);
    if (inMinute > options.botPageViewsPerMinute || inDay > options.botPageViewsPerDay) bots.add(visitor);
  }
  return bots;
}
