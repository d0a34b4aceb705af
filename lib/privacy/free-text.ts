/**
 * Scrubs a free-form log line (error and application logs, `--format text`): every detector runs on
 * the whole line, and each URL-ish token that carries an encoding (`%40`, `%2540`, `+` spaces,
 * JSON `\u0040` escapes) is decoded first, so encoded personal data is found too. Where a token
 * held personal data it is written decoded, with placeholders.
 */
import { detectPii, scrubText, scrubUrlValue } from './detectors/index.ts';
import { decodeFully } from './percent-decode.ts';

const TOKEN = /[^\s"'<>]+/g;
const JSON_ESCAPE = /\\u([0-9a-fA-F]{4})/g;

function hasPii(text: string): boolean {
  return detectPii(text) !== null || (text.indexOf('+') >= 0 && detectPii(text.replace(/\+/g, ' ')) !== null);
}

function scrubToken(token: string): string {
  if (token.indexOf('%') < 0 && token.indexOf('+') < 0 && token.indexOf('\\u') < 0) return token;
  const unescaped =
    token.indexOf('\\u') >= 0
      ? token.replace(JSON_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
      : token;
  return hasPii(decodeFully(unescaped)) ? scrubUrlValue(unescaped) : token;
}

export function scrubFreeText(line: string): string {
  return scrubText(line.replace(TOKEN, scrubToken));
}
