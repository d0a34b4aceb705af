/**
 * URL path generalization (docs/privacy.md): each path segment is percent-decoded and replaced whole when
 * it could identify someone — `:email`, `:uuid`, `:hex`, `:num`, `:token`, and `:ip` (our addition:
 * an address in a path is as personal as one in the client field). Fragments never get here.
 */

import { decodeFully, decodePercent } from '../formats/percent-decode.ts';
import { uncommonPairs } from './common-bigrams.ts';
import { escapeControls, stripInvisible } from './control-chars.ts';
import { findEmails } from './detectors/email.ts';
import { unescapeJson } from './detectors/encoded.ts';
import { detectPii } from './detectors/index.ts';
import { findJwts } from './detectors/token.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const HEX_ONLY = /^[0-9a-f]{16,}$/i;
const NINE_DIGITS = /\d{9}/;
const TOKEN_LIKE = /^[A-Za-z0-9._~-]{16,}$/;
/** Where a person would split words: separators, then camel-case humps and digit runs. */
const CHUNK_SEPARATORS = /[._~-]/;
const PIECES = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;
/** Chunks shorter than this are left alone: `v2`, `h264`, `x86`, `mp4`, `i18n`. */
const MIN_CHUNK = 8;

function isVowel(c: string): boolean {
  return 'aeiouy'.includes(c);
}

/** A run of letters a person could say: it has vowels, and no run of six consonants. */
function sayable(letters: string): boolean {
  const word = letters.toLowerCase();
  let vowels = 0;
  let consonantRun = 0;
  for (const c of word) {
    if (isVowel(c)) {
      vowels++;
      consonantRun = 0;
    } else if (++consonantRun >= 6) return false;
  }
  if (word.length >= 6 && vowels === 0) return false;
  if (word.length >= 12 && vowels / word.length < 0.2) return false;
  // Letter pairs English words almost never have (`xb`, `qd`, `zn`): random letters hit them often.
  if (word.length >= 5) {
    const uncommon = uncommonPairs(word);
    if (uncommon >= 2 && uncommon / (word.length - 1) >= 0.25) return false;
  }
  // Capitals run together beyond an acronym's length (`OQUGEYLTSH`).
  return !(letters.length >= 10 && letters === letters.toUpperCase());
}

/**
 * A chunk (between separators) reads as machine-made: split where a person splits words (camel-case
 * humps, digit runs), it falls apart into single characters, switches between letters and digits
 * again and again, or has letter runs nobody could say.
 */
function machineChunk(chunk: string): boolean {
  if (chunk.length < MIN_CHUNK) return false;
  const pieces = chunk.match(PIECES) ?? [];
  let singles = 0;
  let switches = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const digits = piece.charCodeAt(0) <= 57;
    // A leading lone lowercase letter is a prefix people write (`iPhone`, `eBay`).
    if (piece.length === 1 && i > 0) singles++;
    if (i > 0 && digits !== pieces[i - 1]!.charCodeAt(0) <= 57) switches++;
    if (!digits && !sayable(piece)) return true;
  }
  // Random text splits into many short humps (`Ab`, `Cd`, `x`); words into few long ones.
  if (singles >= 2 || switches >= 4 || (pieces.length >= 5 && chunk.length / pieces.length < 2.6))
    return true;
  // The chunk's letters read across its humps: camel-case words still pair like words (`myBlogPost`).
  const letters = chunk.toLowerCase();
  let pairs = 0;
  let uncommon = 0;
  for (let i = 0; i + 1 < letters.length; i++) {
    const a = letters.charCodeAt(i);
    const b = letters.charCodeAt(i + 1);
    if (a < 97 || b < 97) continue;
    pairs++;
    if (uncommonPairs(letters.slice(i, i + 2)) > 0) uncommon++;
  }
  return uncommon >= 3 && uncommon / pairs >= 0.25;
}

/**
 * A segment looks machine-generated (a session id, a reset token, an API key, random base64 or
 * alphanumerics), not written by a person: some chunk of it reads as machine-made. Words joined by
 * `-`, `_` or `.`, with a few numbers (`installing-windows-8-consumer-preview.html`,
 * `logstash-puppetconf-2012`), are kept. Measured on a labelled corpus (docs/privacy.md).
 */
export function looksMachineMade(segment: string): boolean {
  const chunks = segment.split(CHUNK_SEPARATORS);
  for (const chunk of chunks) if (machineChunk(chunk)) return true;
  return oddness(chunks) / segment.length >= ODDNESS_LIMIT;
}

/**
 * Marks of machine text per character, from which a segment is taken for a token. Measured on the
 * corpora of test/privacy/slug-corpus.test.ts: readable slugs score up to 0.32 (3 of 592 replaced
 * in all, with the chunk rules), the secrets from 0.33; of 100,000 random values of 16–64 characters,
 * 5 base64url and 16 lower-case alphanumerics stay below (they happen to read like words), none of
 * mixed case.
 */
const ODDNESS_LIMIT = 0.27;

/**
 * Marks of machine text in a segment's chunks, short ones included (random base64url is cut into
 * short chunks by its own `-` and `_`): lone characters inside a chunk (`Z4a4`), a capital after a
 * small letter (`PfY`), letter pairs English words almost never have, letter/digit switches.
 */
function oddness(chunks: readonly string[]): number {
  let marks = 0;
  for (const chunk of chunks) {
    const pieces = chunk.match(PIECES) ?? [];
    for (let i = 1; i < pieces.length; i++) {
      if (pieces[i]!.length === 1) marks++;
      if (pieces[i]!.charCodeAt(0) <= 57 !== pieces[i - 1]!.charCodeAt(0) <= 57) marks++;
    }
    for (let i = 1; i < chunk.length; i++) {
      const a = chunk.charCodeAt(i - 1);
      const b = chunk.charCodeAt(i);
      if (a >= 97 && a <= 122 && b >= 65 && b <= 90) marks++;
    }
    const lower = chunk.toLowerCase();
    for (let i = 0; i + 1 < lower.length; i++) {
      if (
        lower.charCodeAt(i) >= 97 &&
        lower.charCodeAt(i + 1) >= 97 &&
        uncommonPairs(lower.slice(i, i + 2)) > 0
      )
        marks++;
    }
  }
  return marks;
}

/** The last segment of a generalized row of the aggregates (lib/aggregate/path-ladder.ts). */
const RESERVED_SEGMENT = '(other)';

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
  const slugShaped = decoded.length >= 16 && TOKEN_LIKE.test(decoded);
  if (slugShaped && (looksMachineMade(decoded) || findJwts(decoded).length > 0)) return ':token';
  const kind = detectPii(decoded);
  // In a segment of slug characters the classifier above judges tokens: the free-text detector's
  // cruder test (many letter/digit switches) would take `iphone-15-pro-max-after-7-months` for one.
  if (kind === 'token' && slugShaped) return null;
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
  const kept = escapeControls(decodePercent(raw));
  // `(other)` marks rows k-anonymity generalized (`/blog/(other)`): a real segment so spelled keeps
  // its parentheses encoded, so no real path reads as one.
  return kept === RESERVED_SEGMENT ? '%28other%29' : kept;
}

/** Generalizes a raw (still percent-encoded) path without query or fragment. */
export function generalizePath(rawPath: string): string {
  if (rawPath === '/') return rawPath;
  const segments = rawPath.split('/');
  for (let i = 0; i < segments.length; i++) segments[i] = generalizeSegment(segments[i]!);
  return segments.join('/');
}
