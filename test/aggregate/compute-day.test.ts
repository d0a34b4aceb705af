import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { computeDay, computeTable } from '../../lib/aggregate/compute-day.ts';
import { DayColumns } from '../../lib/aggregate/day-columns.ts';
import type { DayEvent } from '../../lib/aggregate/day-event.ts';
import { lineEventId } from '../../lib/events/event-id.ts';

const T0 = Date.parse('2026-11-25T10:00:00Z');
let seq = 0;

function ev(overrides: Partial<DayEvent>): DayEvent {
  seq++;
  return {
    event_id: `e${String(seq).padStart(6, '0')}`,
    salt_id: 'aaaaaaaa',
    site: 'example.com',
    ts: T0,
    visitor_id: 'v1',
    method: 'GET',
    path: '/',
    query: null,
    status: 200,
    bytes: 100,
    channel: 'direct',
    source: '(direct)',
    medium: '(none)',
    campaign: '(none)',
    browser: 'Firefox',
    os: 'Windows',
    device: 'desktop',
    is_bot: false,
    bot_name: null,
    is_page_view: true,
    country: 'DE',
    hosting_network: false,
    ...overrides,
  };
}

const options = { ...DEFAULT_AGGREGATE_OPTIONS, k: 1 };
const traffic = (events: DayEvent[], k = 1) => computeDay(events, { ...options, k }, 0).traffic_daily![0]!;

describe('computeDay', () => {
  it('starts a new session only after more than 30 minutes', () => {
    const exact = traffic([ev({ ts: T0 }), ev({ ts: T0 + 30 * 60_000 })]);
    expect(exact).toMatchObject({ sessions: 1, bounces: 0, session_seconds: 1800 });
    const over = traffic([ev({ ts: T0 }), ev({ ts: T0 + 30 * 60_000 + 1000 })]);
    expect(over).toMatchObject({ sessions: 2, bounces: 2, session_seconds: 0 });
  });

  it('orders ties by event id and counts reloads as transitions', () => {
    const result = computeDay(
      [
        ev({ ts: T0, path: '/b', event_id: 'z2' }),
        ev({ ts: T0, path: '/a', event_id: 'z1' }),
        ev({ ts: T0 + 1000, path: '/a' }),
      ],
      options,
      0,
    );
    expect(result.pages_daily!.find((r) => r.path === '/a')).toMatchObject({ entries: 1, exits: 1 });
    expect(result.transitions_daily!.map((r) => `${r.from_path}>${r.to_path}:${r.count}`).sort()).toEqual([
      '/a>/b:1',
      '/b>/a:1',
    ]);
  });

  it('gives the same tables from a day held column by column as from its events as objects, in any order', () => {
    const hit = fc.record({
      ts: fc.constantFrom(T0, T0 + 1000, T0 + 60_000, T0 + 40 * 60_000),
      visitor_id: fc.option(fc.constantFrom('v1', 'v2', 'v3'), { freq: 8 }),
      path: fc.constantFrom('/', '/a', '/b', '/robots.txt'),
      is_page_view: fc.boolean(),
      channel: fc.constantFrom('direct', 'search'),
    });
    const keys = ['a'.repeat(20), 'b'.repeat(20), 'c'.repeat(19)];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(hit, fc.nat(2), fc.nat(5000)), { maxLength: 40 }),
        fc.infiniteStream(fc.nat()),
        (hits, noise) => {
          // Ids as the run makes them (source key + line), unique; one key of another length sometimes.
          const used = new Set<string>();
          const events = hits.flatMap(([h, source, line]) => {
            const event_id = lineEventId(keys[source]!, line);
            if (used.has(event_id)) return [];
            used.add(event_id);
            return [{ event: ev({ ...h, event_id }), key: keys[source]!, line }];
          });
          const shuffled = [...events].sort(() => (noise.next().value % 3) - 1);
          const day = new DayColumns();
          for (const { event, key, line } of shuffled) day.add(event, key, line);
          const tables = computeDay(
            shuffled.map((e) => e.event),
            options,
            0,
          );
          expect(computeTable(day.table(), options, 0)).toEqual(tables);
          expect(computeDay(day.toEvents(), options, 0, true)).toEqual(tables);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts an event id once', () => {
    const e = ev({});
    expect(traffic([e, { ...e }, { ...e }])).toMatchObject({ hits: 1, page_views: 1 });
  });

  it('keeps opted-out page views out of visitors, sessions and sources', () => {
    const result = computeDay([ev({ visitor_id: null }), ev({ visitor_id: 'v2', ts: T0 + 1 })], options, 0);
    expect(result.traffic_daily![0]).toMatchObject({
      page_views: 2,
      opt_out_page_views: 1,
      visitors: 1,
      sessions: 1,
    });
    expect(result.sources_daily!.reduce((n, r) => n + Number(r.page_views), 0)).toBe(1);
    expect(result.pages_daily!.reduce((n, r) => n + Number(r.page_views), 0)).toBe(2);
  });

  it.each([
    [
      'fetched /robots.txt',
      [ev({ visitor_id: 'b', path: '/robots.txt', is_page_view: false }), ev({ visitor_id: 'b' })],
    ],
    [
      '61 page views in one minute',
      Array.from({ length: 61 }, (_, i) => ev({ visitor_id: 'b', ts: T0 + i * 500 })),
    ],
    [
      '1,001 page views in a day',
      Array.from({ length: 1001 }, (_, i) => ev({ visitor_id: 'b', ts: T0 + i * 2_000 })),
    ],
  ])('treats a visitor that %s as a bot for the day', (_, events) => {
    const result = computeDay(events as DayEvent[], options, 0);
    expect(result.traffic_daily![0]).toMatchObject({
      page_views: 0,
      bot_hits: (events as DayEvent[]).length,
      sessions: 0,
    });
    expect(result.bots_daily).toEqual([
      {
        site: 'example.com',
        bot_name: '(behaviour)',
        hits: (events as DayEvent[]).length,
        bytes: 100 * (events as DayEvent[]).length,
      },
    ]);
  });

  it('does not call 60 page views in a minute or 1,000 in a day a bot', () => {
    expect(
      traffic(Array.from({ length: 60 }, (_, i) => ev({ visitor_id: 'b', ts: T0 + i * 500 }))).page_views,
    ).toBe(60);
  });

  it('measures peak requests per minute (bots included) and 5xx per hour', () => {
    const events = [
      ...Array.from({ length: 7 }, (_, i) =>
        ev({ ts: T0 + 60_000 + i, is_bot: true, is_page_view: false, bot_name: 'x' }),
      ),
      ev({ ts: T0 + 120_000, status: 503, is_page_view: false }),
      ev({ ts: T0 + 3_600_000, status: 500, is_page_view: false }),
    ];
    const hourly = computeDay(events, options, 0).traffic_hourly!;
    expect(hourly.map((r) => [r.hour, r.hits, r.peak_rpm, r.errors_5xx])).toEqual([
      [10, 8, 7, 1],
      [11, 1, 1, 1],
    ]);
  });

  it('folds rows with fewer than k visitors into (other), keeping totals and the channel of sources', () => {
    const events = [
      ...['a', 'b', 'c'].map((v, i) =>
        ev({
          visitor_id: v,
          path: '/popular',
          ts: T0 + i,
          channel: 'search',
          source: 'google.com',
          medium: 'organic',
        }),
      ),
      ev({
        visitor_id: 'd',
        path: '/rare1',
        ts: T0 + 10,
        channel: 'search',
        source: 'rare.example',
        medium: 'organic',
      }),
      ev({
        visitor_id: 'e',
        path: '/rare2',
        ts: T0 + 11,
        channel: 'referral',
        source: 'x.example',
        medium: 'referral',
      }),
    ];
    const result = computeDay(events, { ...options, k: 3 }, 0);
    expect(result.pages_daily!.map((r) => [r.path, r.page_views, r.visitors])).toEqual([
      ['/popular', 3, 3],
      ['(other)', 2, 2],
    ]);
    expect(result.sources_daily!.map((r) => [r.channel, r.source, r.sessions])).toEqual(
      expect.arrayContaining([
        ['search', 'google.com', 3],
        ['referral', '(other)', 1],
        ['search', '(other)', 1],
      ]),
    );
    expect(result.sources_daily).toHaveLength(3);
    expect(result.pages_daily!.reduce((n, r) => n + Number(r.page_views), 0)).toBe(
      result.traffic_daily![0]!.page_views,
    );
  });

  it('counts distinct salts per day', () => {
    expect(traffic([ev({ salt_id: 'a' }), ev({ salt_id: 'b', visitor_id: 'v9' })]).salt_epochs).toBe(2);
  });
});
