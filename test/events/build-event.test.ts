import { describe, expect, it } from 'vitest';
import { EventBuilder } from '../../lib/events/build-event.ts';
import { EVENTS_TABLE, type EventRow } from '../../lib/events/schema.ts';
import { emptyHit, type ParsedHit } from '../../lib/formats/parsed-hit.ts';
import { splitTarget } from '../../lib/privacy/event-rules.ts';
import { parsePathRule } from '../../lib/privacy/path-rules.ts';
import { defaultPrivacySettings } from '../../lib/privacy/privacy-settings.ts';
import { type DaySalt, saltIdOf } from '../../lib/privacy/salts.ts';
import { cookieVisitorId, visitorId } from '../../lib/privacy/visitor-id.ts';

const salt: DaySalt = {
  day: '2026-11-25',
  salt: Buffer.alloc(32, 1),
  saltId: saltIdOf(Buffer.alloc(32, 1)),
  createdAt: 0,
};
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0';

function hit(overrides: Partial<ParsedHit> = {}): ParsedHit {
  return {
    ...emptyHit(),
    ts: Date.parse('2026-11-25T10:00:00Z'),
    clientIp: '203.0.113.9',
    method: 'GET',
    target: '/',
    status: 200,
    bytes: 100,
    userAgent: FIREFOX,
    ...overrides,
  };
}

function build(h: ParsedHit, settings = defaultPrivacySettings({ site: 'example.com' })): EventRow {
  const builder = new EventBuilder(settings);
  return builder.build(h, builder.siteOf(h), 'id', salt);
}

describe('EventBuilder', () => {
  it('fills exactly the columns of the events schema', () => {
    expect(Object.keys(build(hit())).sort()).toEqual(EVENTS_TABLE.columns.map((c) => c.name).sort());
  });

  it('derives the visitor id from the canonical address and the user agent', () => {
    const event = build(hit({ clientIp: '[2001:DB8::1]:443' }));
    expect(event.visitor_id).toBe(visitorId(salt.salt, 'example.com', '2001:db8::1', FIREFOX));
    expect(event.salt_id).toBe(salt.saltId);
  });

  it('uses the configured visitor cookie when present, and the address otherwise', () => {
    const settings = defaultPrivacySettings({ site: 'example.com', visitorCookie: 'vid' });
    expect(build(hit({ cookies: 'a=1; vid=abc123; b=2' }), settings).visitor_id).toBe(
      cookieVisitorId(salt.salt, 'example.com', 'abc123'),
    );
    expect(build(hit({ cookies: 'a=1' }), settings).visitor_id).toBe(
      visitorId(salt.salt, 'example.com', '203.0.113.9', FIREFOX),
    );
  });

  it('gives opted-out hits (GPC, DNT, opt-out cookie) no visitor id but keeps the page view', () => {
    const settings = defaultPrivacySettings({ site: 'example.com', optoutCookie: 'optout' });
    for (const h of [hit({ gpc: true }), hit({ dnt: true }), hit({ cookies: 'optout=1' })]) {
      const event = build(h, settings);
      expect(event.visitor_id).toBeNull();
      expect(event.is_page_view).toBe(true);
    }
    expect(build(hit({ cookies: 'optout=0' }), settings).visitor_id).not.toBeNull();
  });

  it.each([
    [{}, true],
    [{ method: 'POST' }, false],
    [{ status: 404 }, false],
    [{ status: 304 }, true],
    [{ target: '/static/app.JS?v=3' }, false],
    [{ userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }, false],
    [{ target: null, method: '-' }, false],
  ])('page view for %j is %s', (overrides, expected) => {
    expect(build(hit(overrides as Partial<ParsedHit>)).is_page_view).toBe(expected);
  });

  it('takes the site from a plausible host, never from an address', () => {
    expect(build(hit({ host: 'WWW.Shop.Example:8443' })).site).toBe('www.shop.example');
    expect(build(hit({ host: '203.0.113.1' })).site).toBe('example.com');
    expect(build(hit({ host: 'bad host!' }), defaultPrivacySettings()).site).toBe('default');
  });

  it('applies path rules after the built-in rules and drops the fragment', () => {
    const settings = defaultPrivacySettings({ pathRules: [parsePathRule('/orders/* => /orders/:id')] });
    expect(build(hit({ target: '/orders/77#top' }), settings).path).toBe('/orders/:id');
    expect(build(hit({ target: '/orders/123456789' }), settings).path).toBe('/orders/:id');
  });

  it('marks unreadable requests as (invalid)', () => {
    expect(build(hit({ target: null, method: '-' })).path).toBe('(invalid)');
  });

  it('describes the hit own traffic source', () => {
    const event = build(
      hit({
        target: '/?utm_source=News&utm_medium=Email&utm_campaign=Nov',
        referrer: 'https://www.google.com/',
      }),
    );
    expect(event).toMatchObject({
      channel: 'email',
      source: 'news',
      medium: 'email',
      campaign: 'Nov',
      referrer_host: 'google.com',
    });
    expect(build(hit({ referrer: 'https://www.example.com/pricing?x=1' }))).toMatchObject({
      channel: 'direct',
      referrer_host: 'example.com',
      referrer_path: '/pricing',
    });
  });
});

describe('splitTarget', () => {
  it.each([
    ['/a/b?c=d#e', '/a/b', 'c=d'],
    ['/a#frag?not=query', '/a', null],
    ['http://host.example/p?q=1', '/p', 'q=1'],
    ['http://host.example', '/', null],
    ['*', '*', null],
  ])('%s', (target, path, query) => {
    expect(splitTarget(target)).toEqual({ rawPath: path, rawQuery: query });
  });
});
