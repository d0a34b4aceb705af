/**
 * Secret-like path segments for the slug classifier (test/privacy/slug-corpus.test.ts): seeded, so
 * the same 600 values every run. Shapes: random base64url, hex, alphanumerics (mixed, lower, upper
 * case) of 16–64 characters, JWTs, framework session ids, password-reset tokens, and API keys in the
 * published formats of common services (Stripe, GitHub, Slack, Google, AWS, SendGrid, Twilio, npm,
 * GitLab, OpenAI, Mailgun, Shopify, Django, Laravel, PHP, Java, ASP.NET).
 */
import { Random } from '../../../lib/generate/random.ts';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const ALNUM = LOWER + UPPER + DIGITS;
const BASE64URL = `${ALNUM}-_`;

export interface SecretSample {
  readonly kind: string;
  readonly value: string;
}

export function secretCorpus(seed = 'secret-corpus'): SecretSample[] {
  const random = new Random(seed);
  const pick = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[random.int(0, alphabet.length - 1)]).join('');
  const length = (min: number, max: number) => random.int(min, max);
  const b64 = (bytes: number) =>
    Buffer.from(Array.from({ length: bytes }, () => random.int(0, 255))).toString('base64url');
  const out: SecretSample[] = [];
  const add = (kind: string, count: number, make: () => string) => {
    for (let i = 0; i < count; i++) out.push({ kind, value: make() });
  };
  add('base64url', 100, () => pick(BASE64URL, length(16, 64)));
  add('base64url of random bytes', 40, () => b64(length(12, 48)));
  add('hex', 40, () => pick(HEX, length(16, 64)));
  add('alphanumeric, mixed case', 100, () => pick(ALNUM, length(16, 64)));
  add('alphanumeric, lower case', 60, () => pick(LOWER + DIGITS, length(16, 64)));
  add('alphanumeric, upper case', 30, () => pick(UPPER + DIGITS, length(16, 40)));
  add('JWT', 30, () => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: pick(DIGITS, 6), exp: random.int(1e9, 2e9) })).toString(
      'base64url',
    );
    return `${header}.${payload}.${b64(32)}`;
  });
  add('PHP session id', 15, () => pick(LOWER + DIGITS, 26));
  add('Java JSESSIONID', 15, () => pick('0123456789ABCDEF', 32));
  add('ASP.NET session id', 15, () => pick('abcdefghijklmnopqrstuvwxyz012345', 24));
  add('Django reset token', 15, () => `${pick(LOWER + DIGITS, 6)}-${pick(HEX, 32)}`);
  add('Laravel reset token', 10, () => pick(HEX, 64));
  add('reset token, base64url', 15, () => b64(32));
  add(
    'Stripe key',
    15,
    () => `${random.pick(['sk_live_', 'sk_test_', 'pk_live_', 'rk_live_'])}${pick(ALNUM, length(24, 99))}`,
  );
  add('GitHub token', 15, () => `${random.pick(['ghp_', 'gho_', 'ghs_', 'ghu_'])}${pick(ALNUM, 36)}`);
  add('Slack token', 10, () => `xoxb-${pick(DIGITS, 11)}-${pick(DIGITS, 13)}-${pick(ALNUM, 24)}`);
  add('Google API key', 15, () => `AIza${pick(BASE64URL, 35)}`);
  add('AWS access key id', 10, () => `AKIA${pick(UPPER + DIGITS, 16)}`);
  add('SendGrid key', 10, () => `SG.${pick(BASE64URL, 22)}.${pick(BASE64URL, 43)}`);
  add('Twilio key', 10, () => `SK${pick(HEX, 32)}`);
  add('npm token', 10, () => `npm_${pick(ALNUM, 36)}`);
  add('GitLab token', 10, () => `glpat-${pick(BASE64URL, 20)}`);
  add('OpenAI key', 10, () => `sk-${pick(ALNUM, 48)}`);
  add('Mailgun key', 5, () => `key-${pick(HEX, 32)}`);
  add('Shopify token', 5, () => `shpat_${pick(HEX, 32)}`);
  return out;
}
