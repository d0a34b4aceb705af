/**
 * Removes phone numbers → `[phone]`: international (`+` and 8–15 digits, any grouping), North
 * American (`(555) 123-4567`, `555-123-4567`), and national numbers starting with 0 (`0612345678`).
 * Dates and times do not match: they have too few digits or other separators.
 */
import { type Detector, replaceMatches } from './detector.ts';

const INTERNATIONAL = /\+\d[\d ().-]{6,22}\d/g;
const NORTH_AMERICAN = /(?<![\w])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\d)/g;
const NATIONAL = /(?<![\w.])0\d(?:[ .-]?\d){8,12}(?![\d])/g;

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

export const phoneDetector: Detector = {
  kind: 'phone',
  replace(text) {
    let out = text;
    if (out.indexOf('+') >= 0) {
      out = replaceMatches(out, INTERNATIONAL, '[phone]', (m) => {
        const n = digitCount(m);
        return n >= 8 && n <= 15;
      });
    }
    out = replaceMatches(out, NORTH_AMERICAN, '[phone]');
    out = replaceMatches(out, NATIONAL, '[phone]', (m) => digitCount(m) <= 13);
    return out;
  },
};
