/**
 * Personal data in every encoding an adversary or a sloppy client produces — percent-encoded,
 * double-encoded, `+`-spaced, upper case, JSON-escaped, base64url, in fragments, referrers and kept
 * campaign values — never reaches an event or a scrubbed text line.
 */
import { describe, expect, it } from 'vitest';
import { EventBuilder } from '../../lib/events/build-event.ts';
import { emptyHit } from '../../lib/formats/parsed-hit.ts';
import { scrubFreeText } from '../../lib/privacy/free-text.ts';
import { defaultPrivacySettings } from '../../lib/privacy/privacy-settings.ts';
import { saltIdOf } from '../../lib/privacy/salts.ts';

const EMAIL = 'jane.doe@example.com';
const CARD = '4242424242424242';
const salt = {
  day: '2026-11-25',
  salt: Buffer.alloc(32, 3),
  saltId: saltIdOf(Buffer.alloc(32, 3)),
  createdAt: 0,
};
const builder = new EventBuilder(defaultPrivacySettings({ site: 'example.com', allowParams: ['q', 'ref'] }));

function eventText(target: string, referrer: string | null = null): string {
  const hit = {
    ...emptyHit(),
    ts: Date.parse('2026-11-25T10:00:00Z'),
    clientIp: '203.0.113.9',
    method: 'GET',
    target,
    status: 200,
    referrer,
  };
  return JSON.stringify(builder.build(hit, 'example.com', 'id', salt));
}

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const pct = (s: string) =>
  [...Buffer.from(s)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

const EMAIL_FORMS: Array<[string, string]> = [
  ['plain', EMAIL],
  ['%40', EMAIL.replace('@', '%40')],
  ['lower-case hex', EMAIL.replace('@', '%40').replace('.com', '%2ecom')],
  ['every character percent-encoded', pct(EMAIL)],
  ['double-encoded', EMAIL.replace('@', '%2540')],
  ['triple-encoded', EMAIL.replace('@', '%252540')],
  ['upper case', EMAIL.toUpperCase()],
  ['JSON escape', EMAIL.replace('@', '\\u0040')],
  ['display name, +-spaced', `Jane+Doe+%3C${EMAIL.replace('@', '%40')}%3E`],
  ['base64url', b64url(EMAIL)],
  ['base64', Buffer.from(`mailto:${EMAIL}`).toString('base64')],
  ['NUL before @', EMAIL.replace('@', '%00@')],
  ['zero-width space after @', EMAIL.replace('@', '@%E2%80%8B')],
];

const CARD_FORMS: Array<[string, string]> = [
  ['plain', CARD],
  ['%20-spaced', CARD.match(/.{4}/g)!.join('%20')],
  ['+-spaced', CARD.match(/.{4}/g)!.join('+')],
  ['dashed', CARD.match(/.{4}/g)!.join('-')],
  ['double-encoded spaces', CARD.match(/.{4}/g)!.join('%2520')],
  ['every character percent-encoded', pct(CARD)],
  ['base64url', b64url(`card ${CARD}`)],
  ['split by NUL', CARD.match(/.{4}/g)!.join('%00')],
  ['split by BEL and CR', CARD.match(/.{4}/g)!.join('%07%0D')],
  ['split by zero-width spaces', CARD.match(/.{4}/g)!.join('%E2%80%8B')],
];

const secretsOf = (s: string) => [s, s.replace(/\s/g, ''), 'jane.doe', 'JANE.DOE', '4242 4242', '42424242'];

/** What a reader sees once escapes of invisible characters are dropped: a split number must not reappear. */
const INVISIBLE_ESCAPES =
  /%[0-9A-Fa-f]{2}|\\u00[01][0-9a-fA-F]|\\u200[b-dB-D]|\\ufeff|[\u0000-\u001f\u200b-\u200d\ufeff]/g;
function expectNoSecret(text: string, secrets: string[]): void {
  const visible = text.replace(INVISIBLE_ESCAPES, '');
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(visible).not.toContain(secret);
  }
}

describe.each([
  ['e-mail', EMAIL_FORMS],
  ['card number', CARD_FORMS],
])('%s', (_, forms) => {
  it.each(forms)('in a kept utm_* value (%s)', (__, form) => {
    const text = eventText(`/landing?utm_source=news&utm_content=${form}&utm_term=x`);
    expectNoSecret(text, secretsOf(forms[0]![1]));
  });

  it.each(forms)('in an allowed parameter (%s)', (__, form) => {
    const text = eventText(`/search?q=${form}`);
    expectNoSecret(text, secretsOf(forms[0]![1]));
  });

  it.each(forms)('in a path segment (%s)', (__, form) => {
    const text = eventText(`/users/${form}/edit`);
    expectNoSecret(text, secretsOf(forms[0]![1]));
  });

  it.each(forms)('in a fragment (%s)', (__, form) => {
    const text = eventText(`/page#${form}`);
    expectNoSecret(text, secretsOf(forms[0]![1]));
  });

  it.each(forms)('in referrer URLs, external and internal (%s)', (__, form) => {
    for (const ref of [
      `https://mail.example.net/read/${form}?to=${form}#${form}`,
      `https://example.com/account/${form}?e=${form}`,
    ]) {
      const text = eventText('/', ref);
      expectNoSecret(text, secretsOf(forms[0]![1]));
    }
  });

  it.each(forms)('in a free-text line (%s)', (__, form) => {
    const line = scrubFreeText(`2026-11-25 ERROR GET /reset?token=${form} failed for ${form} (q=${form})`);
    expectNoSecret(line, secretsOf(forms[0]![1]));
  });
});
