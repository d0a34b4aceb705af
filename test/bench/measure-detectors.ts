/** `npm run measure:detectors`: detector recall on the shared PII fixtures and false positives on a real, PII-free log (numbers for docs/privacy.md). */
import { readFileSync } from 'node:fs';
import { parsersFor } from '../../lib/formats/index.ts';
import { zoneResolver } from '../../lib/formats/time-zone.ts';
import { detectPii, scrubText } from '../../lib/privacy/detectors/index.ts';

const F = `${import.meta.dirname}/../../../shared/fixtures/peer/`;
const emails = readFileSync(`${F}pii/emails.txt`, 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split('\t'));
const valid = emails.filter((e) => e[0] === 'VALID');
const invalid = emails.filter((e) => e[0] === 'INVALID');
const caught = (v: string) => !scrubText(`x ${v} y`).includes('@');
console.log('valid emails caught', valid.filter((e) => caught(e[2]!)).length, '/', valid.length);
console.log(
  'invalid (validator.js) strings flagged',
  invalid.filter((e) => detectPii(e[2]!) === 'email').length,
  '/',
  invalid.length,
  invalid.filter((e) => detectPii(e[2]!) !== 'email').map((e) => e[2]),
);
const cards = [
  ...readFileSync(`${F}pii/test-cards.md`, 'utf8').matchAll(/\| (\d{13,19}) \| \d+ \| (valid|INVALID)/g),
].map((m) => ({ n: m[1]!, ok: m[2] === 'valid' }));
let forms = 0,
  hit = 0;
for (const c of cards.filter((c) => c.ok))
  for (const f of [c.n, c.n.match(/.{1,4}/g)!.join(' '), c.n.match(/.{1,4}/g)!.join('-')]) {
    forms++;
    if (scrubText(`card ${f} end`) === 'card [card] end') hit++;
  }
console.log(
  'cards caught',
  hit,
  '/',
  forms,
  'near-miss flagged:',
  cards.filter((c) => !c.ok).map((c) => detectPii(c.n)),
);
// false positives on real, PII-free text: user agents and paths of the real Apache log
const [p] = parsersFor('combined', { zone: zoneResolver('UTC') });
const uas = new Set<string>(),
  paths = new Set<string>(),
  refs = new Set<string>();
for (const l of readFileSync(`${F}hackers-access.log`, 'utf8').split('\n')) {
  const r = p!.parse(l);
  if (r.ok) {
    if (r.hit.userAgent) uas.add(r.hit.userAgent);
    if (r.hit.target) paths.add(r.hit.target);
    if (r.hit.referrer) refs.add(r.hit.referrer);
  }
}
const fp = (set: Set<string>) => {
  const changed = [...set].filter((s) => scrubText(s) !== s);
  return [changed.length, set.size, changed.slice(0, 5)];
};
console.log('UA changed', JSON.stringify(fp(uas)));
console.log('targets changed', JSON.stringify(fp(paths)));
console.log('referrers changed', JSON.stringify(fp(refs)));
