/**
 * Scrubs a free-form log line (error and application logs, `--format text`). Each token is scrubbed
 * first — URL-like tokens part by part (between `/ ? & = #`), so that an address in a query does not
 * swallow the path before it, and encoded parts (`%40`, `%2540`, `+` spaces, JSON `\u0040`) decoded
 * first, so encoded personal data is found too — then every detector runs on the whole line, which
 * catches what spans tokens (a card written in four groups).
 */

import { decodeFully } from '../formats/percent-decode.ts';
import { stripInvisible } from './control-chars.ts';
import { detectPii, scrubText, scrubUrlValue } from './detectors/index.ts';

const TOKEN = /[^\s"'<>]+/g;
const JSON_ESCAPE = /\\u([0-9a-fA-F]{4})/g;
const URL_PARTS = /([/?&=#])/;

function hasPii(text: string): boolean {
  return detectPii(text) !== null || (text.indexOf('+') >= 0 && detectPii(text.replace(/\+/g, ' ')) !== null);
}

function scrubPart(raw: string): string {
  // Invisible characters inside a token could split a number or address; they are dropped.
  const part = stripInvisible(raw);
  if (part.indexOf('%') < 0 && part.indexOf('+') < 0) return scrubText(part);
  // Where a part held personal data it is written decoded, with placeholders; otherwise as it was.
  return hasPii(stripInvisible(decodeFully(part))) ? scrubUrlValue(part) : part;
}

function scrubToken(token: string): string {
  const text =
    token.indexOf('\\u') >= 0
      ? token.replace(JSON_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
      : token;
  const urlLike =
    text.charCodeAt(0) === 47 || text.indexOf('?') >= 0 || text.indexOf('=') >= 0 || text.indexOf('://') >= 0;
  if (!urlLike) return scrubPart(text);
  return text.split(URL_PARTS).map(scrubPart).join('');
}

export function scrubFreeText(line: string): string {
  return scrubText(line.replace(TOKEN, scrubToken));
}
