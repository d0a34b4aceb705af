import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalIp, clientAddress } from '../../lib/privacy/client-ip.ts';
import { cookieVisitorId, visitorId } from '../../lib/privacy/visitor-id.ts';

describe('canonical client address', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['203.0.113.9:51234', '203.0.113.9'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['0:0:0:0:0:ffff:7b2d:4359', '123.45.67.89'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalIp(raw)).toBe(expected);
  });

  it('takes the first X-Forwarded-For address when one is logged', () => {
    expect(clientAddress('10.0.0.1', '198.51.100.7, 10.0.0.1')).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.1', '-')).toBe('10.0.0.1');
    expect(clientAddress('', null)).toBe('-');
  });
});

describe('visitorId', () => {
  const salt = Buffer.alloc(32, 7);

  it('is HMAC-SHA256(salt, site \\n ip \\n ua), first 16 hex characters', () => {
    const expected = createHmac('sha256', salt)
      .update('example.com\n2001:db8::1\nUA/1.0')
      .digest('hex')
      .slice(0, 16);
    expect(visitorId(salt, 'example.com', '2001:db8::1', 'UA/1.0')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{16}$/);
  });

  it('uses "-" for a missing user agent and a "c" line for cookie ids', () => {
    const dash = createHmac('sha256', salt).update('s\n1.2.3.4\n-').digest('hex').slice(0, 16);
    expect(visitorId(salt, 's', '1.2.3.4', null)).toBe(dash);
    const cookie = createHmac('sha256', salt).update('s\nc\nabc').digest('hex').slice(0, 16);
    expect(cookieVisitorId(salt, 's', 'abc')).toBe(cookie);
  });

  it('differs across salts and sites', () => {
    const a = visitorId(salt, 's', '1.2.3.4', 'UA');
    expect(visitorId(Buffer.alloc(32, 8), 's', '1.2.3.4', 'UA')).not.toBe(a);
    expect(visitorId(salt, 't', '1.2.3.4', 'UA')).not.toBe(a);
  });
});
