/**
 * Personal data hidden in an encoding the other detectors cannot see through: base64 / base64url runs
 * (an address or card number stuffed into a campaign parameter) are decoded and, when the decoded text
 * holds personal data, replaced by the placeholder of what was inside.
 */
import type { Detector } from './detector.ts';

const BASE64_RUN = /[A-Za-z0-9+/_-]{12,4096}={0,2}/g;

/** Decoded text when `run` is base64 of mostly printable UTF-8, else null. */
export function decodeBase64Text(run: string): string | null {
  let end = run.length;
  while (end > 0 && run.charCodeAt(end - 1) === 61) end--;
  const normalized = run.slice(0, end).replace(/-/g, '+').replace(/_/g, '/');
  if (normalized.length % 4 === 1) return null;
  const bytes = Buffer.from(normalized, 'base64');
  if (bytes.length < 6) return null;
  const text = bytes.toString('utf8');
  let printable = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 32 && c !== 0xfffd && c !== 127) || c === 9) printable++;
  }
  return printable / [...text].length >= 0.9 ? text : null;
}

/**
 * Builds the detector from the others (passed in to avoid an import cycle): a run is replaced when
 * one of them finds something in its decoded form.
 */
export function encodedDetector(inner: readonly Detector[]): Detector {
  return {
    kind: 'token',
    replace(text) {
      if (text.length < 12) return text;
      BASE64_RUN.lastIndex = 0;
      return text.replace(BASE64_RUN, (run) => {
        const decoded = decodeBase64Text(run);
        if (decoded === null) return run;
        for (const d of inner) {
          if (d.replace(decoded) !== decoded) return `[${d.kind}]`;
        }
        return run;
      });
    },
  };
}

/** Undoes JSON `\uXXXX` escapes (`\u0040` is `@`). */
export function unescapeJson(text: string): string {
  if (text.indexOf('\\u') < 0) return text;
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}
