import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../lib/privacy/detectors/card.ts';
import { detectPii, scrubText, scrubUrlValue } from '../../lib/privacy/detectors/index.ts';
import { describeWithShared, fixture } from '../helpers.ts';

// The labelled e-mail and card lists are shared fixtures, outside the repository: read only by the
// suites that need them, which skip (naming why) when they are absent.
function emailRows(): Array<{ label: string; value: string }> {
  return readFileSync(fixture('peer', 'pii', 'emails.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .map(([label, , value]) => ({ label: label!, value: value! }));
}

function cards(): Array<{ number: string; valid: boolean }> {
  return [
    ...readFileSync(fixture('peer', 'pii', 'test-cards.md'), 'utf8').matchAll(
      /\| (\d{13,19}) \| \d+ \| (valid|INVALID)/g,
    ),
  ].map((m) => ({ number: m[1]!, valid: m[2] === 'valid' }));
}

function group(number: string, sep: string): string {
  if (number.length === 15) return [number.slice(0, 4), number.slice(4, 10), number.slice(10)].join(sep);
  return number.match(/.{1,4}/g)!.join(sep);
}

describe('e-mail detector', () => {
  describeWithShared('e-mail detector on the labelled e-mail list', () => {
    const valid = emailRows().filter((r) => r.label === 'VALID');
    it('has the fixture values', () => expect(valid.length).toBe(30));
    it.each(valid.map((r) => [r.value]))('removes %s', (value) => {
      const out = scrubText(`contact: ${value} thanks`);
      expect(out).toContain('[email]');
      expect(out).not.toContain('@');
    });
  });

  it('finds addresses percent-encoded, double-encoded and +-spaced in URL values', () => {
    for (const raw of [
      'jane.doe%40example.com',
      'jane.doe%2540example.com',
      'Jane+Doe+%3Cjane.doe%40example.com%3E',
    ]) {
      const out = scrubUrlValue(raw);
      expect(out).not.toMatch(/jane\.doe/i);
    }
  });
});

describe('card detector', () => {
  describeWithShared('card detector on the test-card list', () => {
    const valid = cards().filter((c) => c.valid);
    it('reads the fixture', () => expect(valid.length).toBe(19));
    it.each(valid.map((c) => [c.number]))('removes %s plain, spaced and dashed', (number) => {
      for (const form of [number, group(number, ' '), group(number, '-')]) {
        const out = scrubText(`card ${form} end`);
        expect(out).toBe('card [card] end');
      }
    });
  });

  it('leaves a Luhn-invalid near miss alone', () => {
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(scrubText('ref 4242424242424241')).not.toContain('[card]');
  });

  it('finds a card behind other digits', () => {
    expect(scrubText('order 123 4242 4242 4242 4242')).not.toContain('4242 4242');
  });
});

describe('other detectors', () => {
  it.each([
    ['from 192.168.10.20 today', 'from [ip] today'],
    ['v6 2001:db8::8a2e:370:7334 here', 'v6 [ip] here'],
    ['mapped ::ffff:203.0.113.7', 'mapped [ip]'],
    ['key AKIAIOSFODNN7EXAMPLE used', 'key [aws-key] used'],
    ['iban DE89 3704 0044 0532 0130 00 ok', 'iban [iban] ok'],
    ['iban GB82WEST12345698765432', 'iban [iban]'],
    ['call +49 30 1234567 now', 'call [phone] now'],
    ['call (555) 123-4567', 'call [phone]'],
    ['Authorization: Bearer abcdef0123456789xyz', 'Authorization: Bearer [token]'],
    [
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'jwt [token]',
    ],
    ['session 9f8A7b6C5d4E3f2G1h0Jk9L8 end', 'session [token] end'],
  ])('scrubs %j', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it.each([
    'spring_sale_2024_newsletter',
    '2026-11-25 10:15:30',
    'version 1.2.3',
    'Chrome/130.0',
    'price 1999',
    'brand',
  ])('keeps ordinary text %j', (text) => {
    expect(scrubText(text)).toBe(text);
    expect(detectPii(text)).toBeNull();
  });
});

const luhnCard = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 17 }).map((digits) => {
  const body = [4, ...digits].join('');
  for (let check = 0; check <= 9; check++) if (luhnValid(body + check)) return body + check;
  return `${body}0`;
});

const token = fc
  .array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'), {
    minLength: 24,
    maxLength: 48,
  })
  .map((chars) => chars.join(''))
  .filter((t) => /\d.*[A-Za-z].*\d.*[A-Za-z].*\d/.test(t) && /[A-Za-z]\d[A-Za-z]\d/.test(t));

const filler = fc.constantFrom('', 'see ', 'value=', 'x ', 'Hello, ');

describe('detectors (property)', () => {
  it('never let a planted e-mail, address, card or token through, plain or percent-encoded', () => {
    fc.assert(
      fc.property(
        filler,
        fc.oneof(fc.emailAddress(), fc.ipV4(), fc.ipV6(), luhnCard, token),
        filler,
        fc.boolean(),
        (before, secret, after, encode) => {
          const text = `${before}${secret} ${after}`;
          const out = encode ? scrubUrlValue(encodeURIComponent(text)) : scrubText(text);
          expect(out).not.toContain(secret);
          if (secret.includes('@')) expect(out).not.toContain(secret.slice(secret.lastIndexOf('@')));
        },
      ),
      { seed: 4242, numRuns: 2000 },
    );
  });
});
