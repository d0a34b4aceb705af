/**
 * The stages every line goes through (lib/line-stages.ts), tested once for the pipeline, the ingest
 * function and the Firehose transform.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventBuilder } from '../lib/events/build-event.ts';
import { parsersFor } from '../lib/formats/index.ts';
import { zoneResolver } from '../lib/formats/time-zone.ts';
import { anonymize, DaySalts, FallbackParser, isBlankLine, ReasonCounts } from '../lib/line-stages.ts';
import { defaultPrivacySettings } from '../lib/privacy/privacy-settings.ts';
import { type DaySalt, newSalt, type SaltStore, saltIdOf } from '../lib/privacy/salts.ts';

describe('skip', () => {
  it('skips exactly the lines of spaces, tabs and carriage returns', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(' ', '\t', '\r', 'a', '\u00a0', '-') }), (text) => {
        expect(isBlankLine(text)).toBe(/^[ \t\r]*$/.test(text));
      }),
    );
  });
});

describe('parse', () => {
  const zone = zoneResolver('UTC');
  const common = '203.0.113.7 - - [01/Dec/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5';
  const json = '{"time":"2026-12-01T10:00:00Z","url":"/b","ip":"203.0.113.8"}';

  it('tries the parser that worked last first, and takes any that works', () => {
    const parsers = parsersFor('auto', { zone });
    const calls = parsers.map(() => 0);
    const counted = parsers.map((p, i) => ({
      name: p.name,
      leftover: 0,
      parse: (line: string) => {
        calls[i]!++;
        return p.parse(line);
      },
    }));
    const parser = new FallbackParser(counted);
    expect(parser.parse(json)).toMatchObject({ ok: true, hit: { target: '/b' } });
    const before = calls.reduce((a, b) => a + b, 0);
    expect(parser.parse(json).ok).toBe(true);
    // The second JSON line goes straight to the JSON parser.
    expect(calls.reduce((a, b) => a + b, 0) - before).toBe(1);
    expect(parser.parse(common)).toMatchObject({ ok: true, hit: { target: '/a' } });
  });

  it('answers a line no parser takes with the first parser’s reason', () => {
    const parsers = parsersFor('auto', { zone });
    const reason = parsers[0]!.parse('garbage');
    expect(new FallbackParser(parsers).parse('garbage')).toEqual(reason);
  });
});

describe('malformed', () => {
  it('counts lines by reason', () => {
    const counts = new ReasonCounts();
    for (const r of ['bad_timestamp', 'ignored', 'bad_timestamp']) counts.add(r);
    expect(counts.byReason).toEqual({ bad_timestamp: 2, ignored: 1 });
    expect(counts.total).toBe(3);
  });
});

describe('anonymize', () => {
  const days: string[] = [];
  const store: SaltStore = {
    saltFor: async (day): Promise<DaySalt> => {
      days.push(day);
      const salt = newSalt();
      return { day, salt, saltId: saltIdOf(salt), createdAt: 0 };
    },
    destroyExpired: async () => [],
  };

  it('fetches each UTC day’s salt once, and knows it after', async () => {
    const salts = new DaySalts(store);
    const t = Date.parse('2026-12-01T23:59:59.999Z');
    const a = await salts.saltOf(t);
    expect(await salts.saltOf(t - 3_600_000)).toBe(a);
    expect(salts.has(t + 1)).toBe(false);
    const b = await salts.saltOf(t + 1);
    expect(b.day).toBe('2026-12-02');
    expect(salts.known(t)).toBe(a);
    expect(days).toEqual(['2026-12-01', '2026-12-02']);
  });

  it('makes the event of the hit’s site, with an id given or made from the site', async () => {
    const builder = new EventBuilder(defaultPrivacySettings({ site: 'shop.example' }));
    const [parser] = parsersFor('common', { zone: zoneResolver('UTC') });
    const result = parser!.parse('203.0.113.7 - - [01/Dec/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5');
    if (!result.ok) throw new Error('sample did not parse');
    const salt = await new DaySalts(store).saltOf(result.hit.ts);
    expect(anonymize(builder, result.hit, salt, 'id-1')).toMatchObject({
      event_id: 'id-1',
      site: 'shop.example',
    });
    expect(anonymize(builder, result.hit, salt, (site) => `of-${site}`).event_id).toBe('of-shop.example');
  });
});
