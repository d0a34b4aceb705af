/**
 * Removes secrets: JWTs, `Bearer …` credentials, and long random-looking tokens (session ids, API
 * keys, secret keys) → `[token]`. Words such as `spring_sale_2024` are kept: a token must switch
 * between letters and digits often, as random strings do.
 */
import { type Detector, replaceMatches, replaceSpans } from './detector.ts';

function isBase64Url(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

function runEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isBase64Url(text.charCodeAt(i))) i++;
  return i;
}

/** JWTs (`eyJ…` header, payload and signature joined by dots), found in one pass. */
export function findJwts(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let at = text.indexOf('eyJ');
  while (at >= 0) {
    const header = runEnd(text, at);
    let next = header;
    if (header - at >= 5 && text.charCodeAt(header) === 46) {
      const payload = runEnd(text, header + 1);
      if (payload - header > 2 && text.charCodeAt(payload) === 46) {
        const signature = runEnd(text, payload + 1);
        spans.push([at, signature]);
        next = signature;
      }
    }
    at = text.indexOf('eyJ', Math.max(next, at + 1));
  }
  return spans;
}

const BEARER = /\b(bearer|basic)(\s+|=|:\s*)[A-Za-z0-9._~+/=-]{8,4096}/gi;
const RUN = /[A-Za-z0-9_+/=-]{20,4096}/g;

/** True for strings that look machine-generated: long, mixed, with frequent letter/digit switches. */
export function looksRandom(run: string): boolean {
  let letters = 0;
  let digits = 0;
  let switches = 0;
  let prev = 0; // 1 letter, 2 digit
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    let kind = 0;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      letters++;
      kind = 1;
    } else if (c >= 48 && c <= 57) {
      digits++;
      kind = 2;
    }
    if (kind !== 0 && prev !== 0 && kind !== prev) switches++;
    if (kind !== 0) prev = kind;
  }
  return letters >= 3 && digits >= 3 && switches >= 4;
}

/** JWTs and credentials after `Bearer`/`Basic`: removed before any other detector splits them up. */
export const secretDetector: Detector = {
  kind: 'token',
  replace(text) {
    let out = text;
    if (out.indexOf('eyJ') >= 0) out = replaceSpans(out, findJwts(out), '[token]');
    if (out.length >= 14) out = out.replace(BEARER, '$1$2[token]');
    return out;
  },
};

/** Random-looking runs: last, so that cards, keys and addresses get their own placeholder first. */
export const randomTokenDetector: Detector = {
  kind: 'token',
  replace(text) {
    return text.length < 20 ? text : replaceMatches(text, RUN, '[token]', looksRandom);
  },
};
