import { describe, expect, it } from 'vitest';
import { DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { computeDay } from '../../lib/aggregate/compute-day.ts';
import type { DayEvent } from '../../lib/aggregate/day-event.ts';
import { classifyUserAgent } from '../../lib/privacy/user-agent.ts';

const T0 = Date.parse('2026-11-25T10:00:00Z');

function botHit(i: number, ua: string | null, botName?: string | null): DayEvent {
  const agent = classifyUserAgent(ua);
  return {
    event_id: `e${String(i).padStart(6, '0')}`,
    salt_id: 'aaaaaaaa',
    site: 'example.com',
    ts: T0 + i * 1000,
    visitor_id: `v${i}`,
    method: 'GET',
    path: '/feed.xml',
    query: null,
    status: 200,
    bytes: 100,
    channel: 'direct',
    source: '(direct)',
    medium: '(none)',
    campaign: '(none)',
    browser: agent.browser,
    os: agent.os,
    device: agent.device,
    is_bot: true,
    bot_name: botName === undefined ? agent.botName : botName,
    is_page_view: false,
    country: '(unknown)',
    hosting_network: false,
  };
}

describe('bots_daily names', () => {
  it('names feed readers by their product, and a declared bot without a name (unnamed), never (other)', () => {
    const events = [
      botHit(1, 'UniversalFeedParser/5.0.1 +https://code.google.com/p/feedparser/'),
      botHit(2, 'Tiny Tiny RSS/1.11 (http://tt-rss.org/)'),
      botHit(3, 'FeedBurner/1.0 (http://www.FeedBurner.com)'),
      botHit(4, 'FeedBurner/1.0 (http://www.FeedBurner.com)'),
      // An events file written without a bot name (another writer, an older run).
      botHit(5, 'curl/8.5.0', null),
    ];
    const bots = computeDay(events, { ...DEFAULT_AGGREGATE_OPTIONS, k: 5 }, 0).bots_daily!;
    expect(Object.fromEntries(bots.map((r) => [r.bot_name, r.hits]))).toEqual({
      FeedBurner: 2,
      UniversalFeedParser: 1,
      'Tiny Tiny RSS': 1,
      '(unnamed)': 1,
    });
  });
});
