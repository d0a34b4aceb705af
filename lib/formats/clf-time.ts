/**
 * Reads the Common Log Format time `10/Feb/2012:16:42:07 -0500` (brackets stripped; fractional
 * seconds and a missing offset tolerated) into epoch ms UTC, rejecting impossible dates.
 */
import type { ZoneResolver } from './time-zone.ts';

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Three ASCII letters, case-folded, as one number (-1 otherwise): no substring per line. */
function monthKey(s: string, at: number): number {
  const a = s.charCodeAt(at);
  const b = s.charCodeAt(at + 1);
  const c = s.charCodeAt(at + 2);
  if ((a | b | c) >= 128) return -1;
  return ((a | 32) << 16) | ((b | 32) << 8) | (c | 32);
}

const MONTHS = new Map(MONTH_NAMES.map((name, i) => [monthKey(name, 0), i + 1]));

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** Accepts years 1970-2199: anything else in a web log is corruption, not history. */
export function validDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return (
    y >= 1970 &&
    y < 2200 &&
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, mo) &&
    h >= 0 &&
    h <= 23 &&
    mi >= 0 &&
    mi <= 59 &&
    s >= 0 &&
    s <= 60
  );
}

/** The number in `count` ASCII digits at `from`, or -1 when one of them is not a digit. */
export function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Where the run of ASCII digits starting at `from` ends. */
export function digitRunEnd(s: string, from: number): number {
  let pos = from;
  while (pos < s.length && s.charCodeAt(pos) >= 48 && s.charCodeAt(pos) <= 57) pos++;
  return pos;
}

/** Milliseconds of the fraction digits `s[from, to)`: `5` → 500, `123456` → 123 (truncated). */
export function fractionMs(s: string, from: number, to: number): number {
  let ms = 0;
  let scale = 100;
  for (let i = from; i < to && scale >= 1; i++, scale /= 10) ms += (s.charCodeAt(i) - 48) * scale;
  return ms;
}

/** Returns epoch ms, or null when the text is not a valid CLF time. */
export function parseClfTime(text: string, zone: ZoneResolver): number | null {
  // dd/Mon/yyyy:HH:MM:SS[.fff][ ±hhmm]
  if (
    text.length < 20 ||
    text.charCodeAt(2) !== 47 ||
    text.charCodeAt(6) !== 47 ||
    text.charCodeAt(11) !== 58
  ) {
    return null;
  }
  const date = dateOf(text);
  if (date === null) return null;
  const { year, month, day } = date;
  const hour = digits(text, 12, 2);
  const minute = digits(text, 15, 2);
  const second = digits(text, 18, 2);
  if (text.charCodeAt(14) !== 58 || text.charCodeAt(17) !== 58) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return null;
  let pos = 20;
  let ms = 0;
  if (text.charCodeAt(pos) === 46) {
    const end = digitRunEnd(text, pos + 1);
    if (end === pos + 1) return null;
    ms = fractionMs(text, pos + 1, end);
    pos = end;
  }
  const sec = Math.min(second, 59);
  if (pos === text.length) return zone.toUtc(year, month, day, hour, minute, sec, ms);
  while (text.charCodeAt(pos) === 32) pos++;
  const sign = text.charCodeAt(pos);
  if ((sign !== 43 && sign !== 45) || pos + 5 !== text.length) return null;
  const oh = digits(text, pos + 1, 2);
  const om = digits(text, pos + 3, 2);
  if (oh < 0 || om < 0 || oh > 14 || om > 59) return null;
  const offset = (oh * 60 + om) * 60_000 * (sign === 45 ? -1 : 1);
  return date.dayMs + ((hour * 60 + minute) * 60 + sec) * 1000 + ms - offset;
}

interface ClfDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** 00:00 UTC of the date. */
  readonly dayMs: number;
}

/**
 * The validated `dd/Mon/yyyy` part, remembered from the previous call: consecutive lines almost
 * always share the date, so most lines cost one 11-character comparison instead of a parse.
 */
let lastDateText = '';
let lastDate: ClfDate | null = null;

function dateOf(text: string): ClfDate | null {
  if (lastDate !== null && text.startsWith(lastDateText)) return lastDate;
  const day = digits(text, 0, 2);
  const month = MONTHS.get(monthKey(text, 3));
  const year = digits(text, 7, 4);
  if (month === undefined || !validDateTime(year, month, day, 0, 0, 0)) return null;
  lastDateText = text.slice(0, 11);
  lastDate = { year, month, day, dayMs: Date.UTC(year, month - 1, day) };
  return lastDate;
}
