/**
 * URL path generalization (docs/privacy.md): each path segment is percent-decoded and replaced whole when
 * it could identify someone — `:email`, `:uuid`, `:hex`, `:num`, `:token`, and `:ip` (our addition:
 * an address in a path is as personal as one in the client field). Fragments never get here.
 */

import { decodeFully, decodePercent } from '../formats/percent-decode.ts';
import { escapeControls, stripInvisible } from './control-chars.ts';
import { findEmails } from './detectors/email.ts';
import { unescapeJson } from './detectors/encoded.ts';
import { detectPii } from './detectors/index.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const HEX_ONLY = /^[0-9a-f]{16,}$/i;
const NINE_DIGITS = /\d{9}/;
const TOKEN_LIKE = /^[A-Za-z0-9._-]{20,}$/;
const HAS_LETTER = /[A-Za-z]/;
const HAS_DIGIT = /\d/;

const PLACEHOLDER_OF_KIND = {
  email: ':email',
  card: ':num',
  phone: ':num',
  iban: ':num',
  token: ':token',
  'aws-key': ':token',
  ip: ':ip',
} as const;

/** The placeholder for a decoded segment, or null to keep it. First matching rule wins. */
export function segmentPlaceholder(decoded: string): string | null {
  if (decoded.indexOf('@') >= 0 && findEmails(decoded).length > 0) return ':email';
  if (decoded.length >= 36 && UUID.test(decoded)) return ':uuid';
  if (decoded.length >= 16 && HEX_ONLY.test(decoded)) return ':hex';
  if (decoded.length >= 9 && NINE_DIGITS.test(decoded)) return ':num';
  if (
    decoded.length >= 20 &&
    TOKEN_LIKE.test(decoded) &&
    HAS_LETTER.test(decoded) &&
    HAS_DIGIT.test(decoded)
  ) {
    return ':token';
  }
  const kind = detectPii(decoded);
  return kind === null ? null : PLACEHOLDER_OF_KIND[kind];
}

function generalizeSegment(raw: string): string {
  if (raw.length === 0) return raw;
  // Detectors see the segment without invisible characters, which could otherwise split a number.
  const deep = stripInvisible(decodeFully(unescapeJson(raw)));
  const placeholder =
    segmentPlaceholder(deep) ??
    (deep.indexOf('+') >= 0 ? segmentPlaceholder(deep.replace(/\+/g, ' ')) : null);
  if (placeholder) return placeholder;
  // Control characters would corrupt terminal tables and CSV; keep them percent-encoded.
  return escapeControls(decodePercent(raw));
}

/** Generalizes a raw (still percent-encoded) path without query or fragment. */
export function generalizePath(rawPath: string): string {
  if (rawPath === '/') return rawPath;
  const segments = rawPath.split('/');
  for (let i = 0; i < segments.length; i++) segments[i] = generalizeSegment(segments[i]!);
  return segments.join('/');
}
