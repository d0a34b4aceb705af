import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4Number } from '../../lib/networks/ipv4.ts';
import { clientAddress } from '../../lib/privacy/client-ip.ts';
import { type DaySalt, saltIdOf } from '../../lib/privacy/salts.ts';
import { GENERATION_VISITORS, VisitorIdCache } from '../../lib/privacy/visitor-cache.ts';
import { visitorId } from '../../lib/privacy/visitor-id.ts';

const salts: DaySalt[] = [1, 2, 3, 4, 5].map((n) => {
  const salt = Buffer.alloc(32, n);
  return { day: `2026-11-0${n}`, salt, saltId: saltIdOf(salt), createdAt: 0 };
});

const hit = fc.record({
  salt: fc.constantFrom(...salts),
  site: fc.constantFrom('example.com', 'shop.example'),
  ip: fc.constantFrom(
    '203.0.113.9',
    '203.0.113.10',
    '2001:db8::1',
    '10.0.0.1',
    '010.0.0.1',
    '10.0.0.01',
    '203.0.113.9:51234',
    '::ffff:203.0.113.9',
    '256.0.0.1',
    '',
  ),
  forwardedFor: fc.constantFrom(null, '198.51.100.7', '198.51.100.8, 10.0.0.1', '-'),
  userAgent: fc.constantFrom(null, 'Mozilla/5.0 A', 'Mozilla/5.0 B', 'curl/8.0'),
});

describe('visitor id cache', () => {
  it('always returns the id computed from scratch, whatever was asked before', () => {
    fc.assert(
      fc.property(fc.array(hit, { minLength: 1, maxLength: 60 }), (hits) => {
        const cache = new VisitorIdCache();
        for (const h of hits) {
          const expected = visitorId(h.salt.salt, h.site, clientAddress(h.ip, h.forwardedFor), h.userAgent);
          expect(cache.id(h.salt, h.site, h.ip, h.forwardedFor, h.userAgent)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays right when the generations roll over, and holds at most two generations per salt and site', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ h: hit, n: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 6 }),
        (hits, generation) => {
          const cache = new VisitorIdCache(undefined, generation);
          for (const { h, n } of hits) {
            // Many distinct addresses, some seen again: entries move between generations and are dropped.
            const ip = h.ip === '' ? '' : `198.18.0.${n}`;
            const expected = visitorId(h.salt.salt, h.site, clientAddress(ip, h.forwardedFor), h.userAgent);
            expect(cache.id(h.salt, h.site, ip, h.forwardedFor, h.userAgent)).toBe(expected);
            // Two salts (days) and two sites at most, two generations each.
            expect(cache.held()).toBeLessThanOrEqual(2 * 2 * 2 * generation);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('remembers a bounded number of visitors however many a day has', () => {
    const cache = new VisitorIdCache();
    const salt = salts[0]!;
    for (let i = 0; i < 300_000; i++)
      cache.id(salt, 'example.com', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, null, 'UA');
    // Two generations at most, and at least the current one full: bounded, yet remembering.
    expect(cache.held()).toBeLessThanOrEqual(2 * GENERATION_VISITORS);
    expect(cache.held()).toBeGreaterThanOrEqual(GENERATION_VISITORS);
  });
});

describe('ipv4Number', () => {
  it('numbers exactly the plain dotted quads, one number per string', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const n = ipv4Number(ip);
        expect(n).toBeGreaterThanOrEqual(0);
        expect([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')).toBe(ip);
      }),
    );
    for (const raw of [
      '010.0.0.1',
      '1.2.3',
      '1.2.3.4.5',
      '1.2.3.256',
      '1..2.3',
      '1.2.3.4:80',
      '::1',
      '',
      '1.2.3.4 ',
    ])
      expect(ipv4Number(raw), raw).toBe(-1);
  });
});
