import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generalizePath } from '../../lib/privacy/path.ts';
import { applyPathRules, parsePathRule } from '../../lib/privacy/path-rules.ts';

describe('generalizePath', () => {
  it.each([
    ['/', '/'],
    ['/blog/privacy-by-design', '/blog/privacy-by-design'],
    ['/caf%C3%A9/menu', '/café/menu'],
    ['/users/jane.doe@example.com/profile', '/users/:email/profile'],
    ['/users/jane.doe%40example.com/profile', '/users/:email/profile'],
    ['/users/jane.doe%2540example.com', '/users/:email'],
    ['/u/123e4567-e89b-12d3-a456-426614174000', '/u/:uuid'],
    ['/files/0123456789abcdef0123', '/files/:hex'],
    ['/orders/123456789', '/orders/:num'],
    ['/tel/+1-555-123-4567', '/tel/:num'],
    ['/pay/4242%204242%204242%204242', '/pay/:num'],
    ['/pay/4242+4242+4242+4242', '/pay/:num'],
    ['/reset/Zx81kQ2m7Pq4Lr9tVw3Y', '/reset/:token'],
    ['/t/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', '/t/:token'],
    ['/ip/203.0.113.9/info', '/ip/:ip/info'],
    ['/docs/2026/11/notes', '/docs/2026/11/notes'],
    ['/a%0Ab', '/a%0Ab'],
    ['/bad%zzescape', '/bad%zzescape'],
  ])('%s → %s', (raw, expected) => {
    expect(generalizePath(raw)).toBe(expected);
  });

  it('replaces whole segments: first matching rule wins (email before token)', () => {
    expect(generalizePath('/x/abc123def456ghi789jk@example.com')).toBe('/x/:email');
  });

  it('never lets a planted e-mail, card, IP or token through (property)', () => {
    const secret = fc.oneof(
      fc.emailAddress(),
      fc.ipV4(),
      fc.stringMatching(/^[A-Za-z0-9]{4}[0-9][A-Za-z][0-9][A-Za-z][0-9][A-Za-z0-9]{13}$/),
      fc.constantFrom('4242424242424242', '5555 5555 5555 4444', '378282246310005'),
    );
    fc.assert(
      fc.property(fc.constantFrom('/a/', '/', '/x/y/'), secret, fc.boolean(), (prefix, s, encode) => {
        const raw = `${prefix}${encode ? encodeURIComponent(s) : s.replace(/[/?#]/g, '')}/end`;
        const out = generalizePath(raw);
        expect(out).not.toContain(s);
      }),
      { seed: 7, numRuns: 1000 },
    );
  });
});

describe('path rules', () => {
  const rules = [parsePathRule('/orders/* => /orders/:id'), parsePathRule('/static/** => /static/*')];
  it.each([
    ['/orders/77', '/orders/:id'],
    ['/orders/77/items', '/orders/77/items'],
    ['/static/js/app.js', '/static/*'],
    ['/static', '/static/*'],
    ['/other', '/other'],
  ])('%s → %s', (path, expected) => {
    expect(applyPathRules(path, rules)).toBe(expected);
  });

  it('rejects rules without an arrow or with ** in the middle', () => {
    expect(() => parsePathRule('/orders/*')).toThrow(/PATTERN => REPLACEMENT/);
    expect(() => parsePathRule('/a/**/b => /x')).toThrow(/last segment/);
  });
});

describe('the marker of generalized rows', () => {
  it('no real path ends in the segment (other): a segment so spelled keeps its parentheses encoded', () => {
    expect(generalizePath('/blog/(other)')).toBe('/blog/%28other%29');
    expect(generalizePath('/blog/%28other%29')).toBe('/blog/%28other%29');
    expect(generalizePath('/(other)/x')).toBe('/%28other%29/x');
    expect(generalizePath('/blog/other')).toBe('/blog/other');
  });
});
