/**
 * The event-level privacy rules are one visible list (lib/privacy/event-rules.ts): every events column
 * is decided by exactly one rule or copied as it is; each rule reads only the raw fields it declares
 * and writes only the columns it declares (checked by running it); docs/privacy.md shows the list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENTS_TABLE } from '../../lib/events/schema.ts';
import type { ParsedHit } from '../../lib/formats/parsed-hit.ts';
import { type AnonymizedFields, emptyFacts, eventRules } from '../../lib/privacy/event-rules.ts';
import { defaultPrivacySettings } from '../../lib/privacy/privacy-settings.ts';
import { REPO_ROOT } from '../helpers.ts';

/** Columns the builder copies from the hit or the run as they are (no personal data). */
const COPIED = ['event_id', 'salt_id', 'site', 'ts', 'method', 'status', 'bytes', 'duration_ms'];

const settings = defaultPrivacySettings({
  site: 'shop.example',
  visitorCookie: 'vid',
  optoutCookie: 'optout',
  allowParams: ['q'],
});

const hitArb: fc.Arbitrary<ParsedHit> = fc.record({
  ts: fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
  clientIp: fc.constantFrom('192.0.2.1', '2001:db8::1', '10.0.0.1:443', ''),
  forwardedFor: fc.constantFrom(null, '198.51.100.7, 10.0.0.1'),
  user: fc.constantFrom(null, 'alice'),
  method: fc.constantFrom('GET', 'POST', 'HEAD', '-'),
  target: fc.constantFrom(
    null,
    '/',
    '/orders/12345?utm_source=news&utm_medium=email&q=shoes&email=a@b.example',
    '/style.css',
    'https://shop.example/p?gclid=abc',
    '/users/jane.doe@example.com/profile#top',
  ),
  status: fc.constantFrom(200, 304, 404, 500),
  bytes: fc.nat(),
  referrer: fc.constantFrom(
    null,
    '-',
    'https://www.google.com/search?q=x',
    'https://shop.example/cart?id=9',
    'http://203.0.113.5/',
  ),
  userAgent: fc.constantFrom(
    null,
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    'Googlebot/2.1 (+http://www.google.com/bot.html)',
  ),
  host: fc.constantFrom(null, 'shop.example'),
  durationMs: fc.constantFrom(null, 12),
  cookies: fc.constantFrom(null, 'vid=abc123; other=1', 'optout=1'),
  gpc: fc.boolean(),
  dnt: fc.boolean(),
});

/** The hit behind a Proxy that records every field read. */
function watched(hit: ParsedHit, reads: Set<string>): ParsedHit {
  return new Proxy(hit, {
    get(target, key, receiver) {
      if (typeof key === 'string') reads.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
}

describe('event rules', () => {
  const rules = eventRules(settings);

  it('decide every events column exactly once; the rest are copied as they are', () => {
    const written = rules.flatMap((r) => r.writes as readonly string[]);
    expect(new Set(written).size).toBe(written.length);
    expect([...written, ...COPIED].sort()).toEqual(EVENTS_TABLE.columns.map((c) => c.name).sort());
  });

  it('never read the user name, and read the host only to name the site (the builder, before them)', () => {
    const read = new Set(rules.flatMap((r) => r.reads as readonly string[]));
    expect(read.has('user')).toBe(false);
    expect(read.has('host')).toBe(false);
  });

  it('each reads only the raw fields it declares and writes only the columns it declares', () => {
    fc.assert(
      fc.property(hitArb, (hit) => {
        const facts = emptyFacts();
        facts.site = 'shop.example';
        facts.salt = { saltId: 's1', salt: Buffer.alloc(32, 7) } as never;
        const event = {} as AnonymizedFields;
        for (const rule of rules) {
          const reads = new Set<string>();
          facts.hit = watched(hit, reads);
          const before = { ...event };
          rule.apply(facts, event);
          const changed = Object.keys(event).filter(
            (k) =>
              !(k in before) || before[k as keyof AnonymizedFields] !== event[k as keyof AnonymizedFields],
          );
          for (const key of changed) expect(rule.writes, `${rule.name} wrote ${key}`).toContain(key);
          for (const key of reads) expect(rule.reads, `${rule.name} read ${key}`).toContain(key);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are listed in docs/privacy.md, in their order, with what they read and write', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'privacy.md'), 'utf8');
    const rows = rules.map(
      (r, i) =>
        `| ${i + 1} | ${r.name} | ${r.reads.map((f) => `\`${f}\``).join(', ') || '(earlier rules only)'} | ${r.writes.map((c) => `\`${c}\``).join(', ')} |`,
    );
    const table = ['| # | rule | reads (raw) | decides (event columns) |', '|---|---|---|---|', ...rows].join(
      '\n',
    );
    expect(doc, `docs/privacy.md should contain:\n${table}`).toContain(table);
  });
});
