import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { behaviouralBots } from '../../lib/aggregate/behaviour-bots.ts';
import { tableOfEvents } from '../../lib/aggregate/day-columns.ts';
import type { DayEvent } from '../../lib/aggregate/day-event.ts';

/** DESIGN §4 stated directly: counts per visitor and calendar minute, per visitor and day. */
function reference(events: readonly DayEvent[], perMinute: number, perDay: number): Set<string> {
  const bots = new Set<string>();
  const minutes = new Map<string, number>();
  const days = new Map<string, number>();
  for (const e of events) {
    if (e.visitor_id === null) continue;
    if (e.path.toLowerCase() === '/robots.txt') bots.add(e.visitor_id);
    if (!e.is_page_view) continue;
    const key = `${e.visitor_id}|${Math.floor(e.ts / 60_000)}`;
    minutes.set(key, (minutes.get(key) ?? 0) + 1);
    days.set(e.visitor_id, (days.get(e.visitor_id) ?? 0) + 1);
    if ((minutes.get(key) ?? 0) > perMinute || (days.get(e.visitor_id) ?? 0) > perDay) bots.add(e.visitor_id);
  }
  return bots;
}

const T0 = Date.parse('2026-11-01T00:00:00Z');
/** The columns the rule does not read. */
const OTHER_COLUMNS: Omit<DayEvent, 'visitor_id' | 'ts' | 'path' | 'is_page_view'> = {
  event_id: '',
  salt_id: 's',
  site: 'example.com',
  method: 'GET',
  query: null,
  status: 200,
  bytes: 0,
  channel: 'direct',
  source: '(direct)',
  medium: '(none)',
  campaign: '(none)',
  browser: 'Firefox',
  os: 'Linux',
  device: 'desktop',
  country: 'DE',
  hosting_network: false,
  is_bot: false,
  bot_name: null,
};
const event = fc.record({
  visitor_id: fc.option(fc.constantFrom('v1', 'v2', 'v3', 'v4'), { freq: 8 }),
  ts: fc.integer({ min: T0, max: T0 + 5 * 60_000 }),
  path: fc.constantFrom('/', '/a', '/robots.txt', '/ROBOTS.TXT', '/robots.txt2'),
  is_page_view: fc.boolean(),
});

describe('behavioural bots', () => {
  it('finds exactly the visitors the rule names, in time order or not', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 120 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 3, max: 40 }),
        fc.boolean(),
        (raw, perMinute, perDay, sorted) => {
          const events = (sorted ? [...raw].sort((a, b) => a.ts - b.ts) : raw).map((e) => ({
            ...OTHER_COLUMNS,
            ...e,
          }));
          const options = {
            ...DEFAULT_AGGREGATE_OPTIONS,
            botPageViewsPerMinute: perMinute,
            botPageViewsPerDay: perDay,
          };
          const table = tableOfEvents(events);
          const rows = events.map((_, i) => i);
          const bots = [...behaviouralBots(table, rows, options)].map((code) => table.strings[code]);
          expect(bots.sort()).toEqual([...reference(events, perMinute, perDay)].sort());
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
