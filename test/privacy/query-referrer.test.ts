import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generalizePath } from '../../lib/privacy/path.ts';
import { QueryFilter } from '../../lib/privacy/query.ts';
import { reduceReferrer } from '../../lib/privacy/referrer.ts';

describe('QueryFilter', () => {
  const filter = new QueryFilter(['ref']);

  it('keeps only allow-listed parameters', () => {
    const kept = filter.filter('q=secret&utm_source=google&email=a%40b.com&utm_medium=cpc&ref=home');
    expect(kept.query).toBe('utm_source=google&utm_medium=cpc&ref=home');
    expect(kept.utmSource).toBe('google');
    expect(kept.utmMedium).toBe('cpc');
  });

  it('drops control characters from kept values so no value can drive a terminal', () => {
    const kept = filter.filter('utm_source=x%1B%5D0;title%07&utm_campaign=a%0D%0Ab');
    expect(kept.utmSource).toBe('x]0;title');
    expect(kept.utmCampaign).toBe('ab');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        const out = filter.filter(`utm_source=${encodeURIComponent(value)}`);
        for (const v of [out.utmSource ?? '', out.query ?? '']) expect(v).not.toMatch(/[\x00-\x1f\x7f]/);
      }),
      { seed: 9, numRuns: 500 },
    );
  });

  it('marks click ids as paid and drops them', () => {
    const kept = filter.filter('gclid=abc&msclkid=def');
    expect(kept.clickId).toBe(true);
    expect(kept.query).toBeNull();
  });

  it('scrubs kept values, also percent-encoded and +-spaced', () => {
    const kept = filter.filter(
      'utm_content=jane%40example.com&utm_term=4242+4242+4242+4242&utm_campaign=a%26b',
    );
    expect(kept.query).toBe('utm_content=[email]&utm_term=[card]&utm_campaign=a%26b');
  });

  it('matches parameter names case-insensitively and returns nothing for no query', () => {
    expect(filter.filter('UTM_SOURCE=Mail').utmSource).toBe('Mail');
    expect(filter.filter(null).query).toBeNull();
    expect(filter.filter('').query).toBeNull();
  });
});

describe('reduceReferrer', () => {
  const internal = new Set(['shop.example.com']);
  const reduce = (raw: string | null) => reduceReferrer(raw, 'www.example.com', internal, generalizePath);

  it('keeps only the host of an external referrer, www stripped', () => {
    expect(reduce('https://www.google.com/search?q=jane%40example.com#x')).toEqual({
      host: 'google.com',
      path: null,
      internal: false,
    });
  });

  it('keeps the generalized path of an internal referrer (site or alias), never its query', () => {
    expect(reduce('https://example.com/users/jane@example.com/edit?token=abc')).toEqual({
      host: 'example.com',
      path: '/users/:email/edit',
      internal: true,
    });
    expect(reduce('http://shop.example.com:8080/cart')).toMatchObject({ internal: true, path: '/cart' });
  });

  it('drops user info and ports, and hides IP-address hosts', () => {
    expect(reduce('https://user:pass@evil.example.net:8443/x')).toEqual({
      host: 'evil.example.net',
      path: null,
      internal: false,
    });
    expect(reduce('http://203.0.113.5/x').host).toBe('[ip]');
    expect(reduce('http://[2001:db8::1]:80/x').host).toBe('[ip]');
  });

  it('treats "-", empty and non-URL referrers as none', () => {
    for (const raw of [null, '-', '', 'not a url', 'javascript:alert(1)'])
      expect(reduce(raw).host).toBeNull();
  });
});
