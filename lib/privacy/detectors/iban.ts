/** Removes IBANs (country code, check digits, 11–30 characters, optionally grouped) that pass mod-97 → `[iban]`. */
import { type Detector, replaceMatches } from './detector.ts';

const IBAN =
  /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])/g;

export function ibanValid(candidate: string): boolean {
  const compact = candidate.replace(/ /g, '').toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const d of value) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

export const ibanDetector: Detector = {
  kind: 'iban',
  replace(text) {
    return text.length < 15 ? text : replaceMatches(text, IBAN, '[iban]', ibanValid);
  },
};
