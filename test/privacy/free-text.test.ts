import { describe, expect, it } from 'vitest';
import { scrubFreeText } from '../../lib/privacy/free-text.ts';

describe('scrubFreeText', () => {
  it.each([
    ['login failed for jane.doe@example.com from 203.0.113.9', 'login failed for [email] from [ip]'],
    ['GET /reset?email=jane.doe%40example.com HTTP/1.1', 'GET /reset?email=[email] HTTP/1.1'],
    ['GET /reset?email=jane.doe%2540example.com', 'GET /reset?email=[email]'],
    ['q=Jane+Doe+%3Cjane.doe%40example.com%3E', 'q=Jane Doe <[email]>'],
    ['pay?card=4242+4242+4242+4242&x=1', 'pay?card=[card]&x=1'],
    ['{"email":"jane.doe\\u0040example.com"}', '{"email":"[email]"}'],
    ['charged 4242-4242-4242-4242 ok', 'charged [card] ok'],
    ['Authorization: Bearer abcdef0123456789xyz', 'Authorization: Bearer [token]'],
  ])('%s', (line, expected) => {
    expect(scrubFreeText(line)).toBe(expected);
  });

  it('leaves tokens without personal data as they were, encoding included', () => {
    const line = 'GET /search?q=caf%C3%A9+menu&page=2 took 12ms';
    expect(scrubFreeText(line)).toBe(line);
  });
});
