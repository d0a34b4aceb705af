/** Removes Luhn-valid 13–19 digit card numbers, plain or grouped by spaces or dashes → `[card]`. */
import { type Detector, replaceSpans } from './detector.ts';

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

interface DigitGroup {
  start: number;
  end: number;
  digits: string;
}

/**
 * Finds groups of digits joined by single spaces or dashes. Any contiguous groups holding 13–19
 * digits that pass Luhn are a card ("order 123 4242 4242 4242 4242" still finds the card); a single
 * group longer than 19 digits is removed whole when any 13–19 digit window of it passes Luhn (a card
 * glued to other digits), at the price of redacting some long numbers.
 */
export function findCards(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const groups: DigitGroup[] = [];
    for (;;) {
      const start = i;
      while (i < text.length && isDigit(text.charCodeAt(i))) i++;
      groups.push({ start, end: i, digits: text.slice(start, i) });
      const c = text.charCodeAt(i);
      if ((c === 32 || c === 45) && isDigit(text.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      break;
    }
    let covered = -1;
    for (let g = 0; g < groups.length; g++) {
      const first = groups[g]!;
      if (first.start < covered) continue;
      if (first.digits.length > 19) {
        if (luhnWindow(first.digits)) {
          found.push([first.start, first.end]);
          covered = first.end;
        }
        continue;
      }
      let digits = '';
      for (let h = g; h < groups.length; h++) {
        digits += groups[h]!.digits;
        if (digits.length > 19) break;
        if (digits.length >= 13 && luhnValid(digits)) {
          found.push([first.start, groups[h]!.end]);
          covered = groups[h]!.end;
          break;
        }
      }
    }
  }
  return found;
}

function luhnWindow(digits: string): boolean {
  for (let len = 19; len >= 13; len--) {
    for (let s = 0; s + len <= digits.length; s++) {
      if (luhnValid(digits.slice(s, s + len))) return true;
    }
  }
  return false;
}

export const cardDetector: Detector = {
  kind: 'card',
  replace: (text) => replaceSpans(text, findCards(text), '[card]'),
};
