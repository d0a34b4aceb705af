/**
 * The PII detectors of docs/privacy.md, applied in a fixed order: secrets first (a JWT must not be split
 * into "cards"), random-looking tokens last. Values are decoded (percent, double percent, `+`)
 * before detection, so encoded PII is found too.
 */

import { decodeFully } from '../../formats/percent-decode.ts';
import { stripInvisible } from '../control-chars.ts';
import { awsKeyDetector } from './aws-key.ts';
import { cardDetector } from './card.ts';
import type { Detector, DetectorKind } from './detector.ts';
import { emailDetector } from './email.ts';
import { encodedDetector, unescapeJson } from './encoded.ts';
import { ibanDetector } from './iban.ts';
import { ipDetector } from './ip.ts';
import { phoneDetector } from './phone.ts';
import { randomTokenDetector, secretDetector } from './token.ts';

export type { DetectorKind } from './detector.ts';

const PLAIN_DETECTORS: readonly Detector[] = [
  secretDetector,
  emailDetector,
  awsKeyDetector,
  ibanDetector,
  cardDetector,
  ipDetector,
  phoneDetector,
  randomTokenDetector,
];

// Base64 runs are looked into first: once split into "tokens" or "cards", what they hid is lost.
export const DETECTORS: readonly Detector[] = [encodedDetector(PLAIN_DETECTORS), ...PLAIN_DETECTORS];

/** Replaces every detected PII in already-decoded text with its placeholder. */
export function scrubText(text: string): string {
  let out = text;
  for (const detector of DETECTORS) out = detector.replace(out);
  return out;
}

/** The kind of the first PII found in already-decoded text, or null. */
export function detectPii(text: string): DetectorKind | null {
  for (const detector of DETECTORS) {
    if (detector.replace(text) !== text) return detector.kind;
  }
  return null;
}

/**
 * Decodes a URL component completely (JSON `\uXXXX` escapes, percent, double percent) and scrubs it, twice: once with `+` kept (so `john+tag@x.com`
 * is one address) and once with `+` as a space (so `4242+4242+4242+4242` is one card). The decoded
 * form is returned: re-encoding would let `%40`-style PII slip back in unnoticed.
 */
export function scrubUrlValue(raw: string): string {
  // Invisible characters carry nothing a campaign or parameter value needs, and could split a number.
  const once = scrubText(stripInvisible(decodeFully(unescapeJson(raw))));
  return once.indexOf('+') < 0 ? once : scrubText(once.replace(/\+/g, ' '));
}
