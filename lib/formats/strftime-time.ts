/**
 * Compiles a strftime pattern (Apache `%{…}t`) into a parser of the times it writes. Supported:
 * %Y %y %m %d %e %H %I %M %S %p %b %h %B %z %Z %T %D %F %R %j (and literal text); `sec`, `msec`,
 * `usec` for epoch times.
 */
import { daysInMonth, validDateTime } from './clf-time.ts';
import type { ZoneResolver } from './time-zone.ts';

export class StrftimeError extends Error {
  override name = 'StrftimeError';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'num'; field: 'Y' | 'y' | 'm' | 'd' | 'H' | 'I' | 'M' | 'S' | 'j'; min: number; max: number }
  | { kind: 'month'; full: boolean }
  | { kind: 'ampm' }
  | { kind: 'zone' }
  | { kind: 'zoneName' }
  | { kind: 'word' };

const EXPANSIONS: Record<string, string> = { T: '%H:%M:%S', D: '%m/%d/%y', F: '%Y-%m-%d', R: '%H:%M' };

function compile(pattern: string, offset = 0): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c !== '%') {
      const last = parts[parts.length - 1];
      if (last?.kind === 'text') last.text += c;
      else parts.push({ kind: 'text', text: c });
      continue;
    }
    const d = pattern[++i];
    if (d === undefined) throw new StrftimeError(`time format ends with % at position ${offset + i}`);
    if (EXPANSIONS[d]) {
      parts.push(...compile(EXPANSIONS[d]!, offset + i));
      continue;
    }
    switch (d) {
      case 'Y':
        parts.push({ kind: 'num', field: 'Y', min: 4, max: 4 });
        break;
      case 'y':
      case 'm':
      case 'd':
      case 'H':
      case 'I':
      case 'M':
      case 'S':
        parts.push({ kind: 'num', field: d, min: 1, max: 2 });
        break;
      case 'e':
        parts.push({ kind: 'text', text: '' }, { kind: 'num', field: 'd', min: 1, max: 2 });
        break;
      case 'j':
        parts.push({ kind: 'num', field: 'j', min: 1, max: 3 });
        break;
      case 'b':
      case 'h':
        parts.push({ kind: 'month', full: false });
        break;
      case 'B':
        parts.push({ kind: 'month', full: true });
        break;
      case 'p':
        parts.push({ kind: 'ampm' });
        break;
      case 'z':
        parts.push({ kind: 'zone' });
        break;
      case 'Z':
        parts.push({ kind: 'zoneName' });
        break;
      case 'a':
      case 'A':
        parts.push({ kind: 'word' });
        break;
      case '%':
        parts.push({ kind: 'text', text: '%' });
        break;
      default:
        throw new StrftimeError(`unsupported time directive %${d} at position ${offset + i}`);
    }
  }
  return parts;
}

export type TimeParser = (text: string) => number | null;

export function strftimeParser(pattern: string, zone: ZoneResolver): TimeParser {
  if (pattern === 'sec' || pattern === 'msec' || pattern === 'usec') {
    const scale = pattern === 'sec' ? 1000 : pattern === 'msec' ? 1 : 0.001;
    return (text) => (/^\d{1,19}$/.test(text) ? Math.floor(Number(text) * scale) : null);
  }
  const parts = compile(pattern);
  return (text) => {
    let pos = 0;
    const f = { Y: 1970, y: -1, m: 1, d: 1, H: 0, I: -1, M: 0, S: 0, j: -1 };
    let pm: boolean | null = null;
    let offsetMin: number | null = null;
    for (const part of parts) {
      if (part.kind === 'text') {
        if (!text.startsWith(part.text, pos)) return null;
        pos += part.text.length;
        while (part.text === '' && text.charCodeAt(pos) === 32) pos++;
      } else if (part.kind === 'num') {
        let n = 0;
        let len = 0;
        while (
          len < part.max &&
          pos < text.length &&
          text.charCodeAt(pos) >= 48 &&
          text.charCodeAt(pos) <= 57
        ) {
          n = n * 10 + text.charCodeAt(pos) - 48;
          pos++;
          len++;
        }
        if (len < part.min) return null;
        f[part.field] = n;
      } else if (part.kind === 'month') {
        const names = part.full ? FULL_MONTHS : MONTHS;
        const word = /^[A-Za-z]+/.exec(text.slice(pos))?.[0]?.toLowerCase() ?? '';
        const index = names.indexOf(part.full ? word : word.slice(0, 3));
        if (index < 0 || (!part.full && word.length !== 3)) return null;
        f.m = index + 1;
        pos += part.full ? word.length : 3;
      } else if (part.kind === 'ampm') {
        const word = text.slice(pos, pos + 2).toLowerCase();
        if (word !== 'am' && word !== 'pm') return null;
        pm = word === 'pm';
        pos += 2;
      } else if (part.kind === 'zone') {
        const m = /^([+-])(\d{2}):?(\d{2})/.exec(text.slice(pos));
        if (m) {
          offsetMin = (Number(m[2]) * 60 + Number(m[3])) * (m[1] === '-' ? -1 : 1);
          pos += m[0].length;
        } else if (text[pos] === 'Z') {
          offsetMin = 0;
          pos++;
        } else return null;
      } else {
        const word = /^[A-Za-z]+/.exec(text.slice(pos))?.[0];
        if (!word) return null;
        if (part.kind === 'zoneName' && (word === 'UTC' || word === 'GMT' || word === 'Z')) offsetMin = 0;
        pos += word.length;
      }
    }
    if (pos !== text.length) return null;
    const year = f.y >= 0 && !parts.some((p) => p.kind === 'num' && p.field === 'Y') ? 2000 + f.y : f.Y;
    let hour = f.H;
    if (f.I >= 0) hour = (f.I % 12) + (pm ? 12 : 0);
    let month = f.m;
    let day = f.d;
    if (f.j > 0) {
      let remaining = f.j;
      month = 1;
      while (month <= 12 && remaining > daysInMonth(year, month)) remaining -= daysInMonth(year, month++);
      day = remaining;
    }
    if (!validDateTime(year, month, day, hour, f.M, f.S)) return null;
    if (offsetMin === null) return zone.toUtc(year, month, day, hour, f.M, Math.min(f.S, 59), 0);
    return Date.UTC(year, month - 1, day, hour, f.M, Math.min(f.S, 59)) - offsetMin * 60_000;
  };
}

/** Throws StrftimeError when the pattern cannot be compiled (usage errors name the position). */
export function checkStrftime(pattern: string): void {
  if (pattern === 'sec' || pattern === 'msec' || pattern === 'usec') return;
  compile(pattern);
}
