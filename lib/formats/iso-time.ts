/**
 * Reads ISO-8601 times as logged by load balancers, nginx `$time_iso8601` and JSON logs:
 * `2018-07-02T22:23:00.186641Z`, `2013-10-10T16:52:00+02:00`, `2012-04-01 00:00:13` (no offset: read
 * in the `--tz` zone). Fractions beyond milliseconds are truncated.
 */
import { digitRunEnd, digits, fractionMs, validDateTime } from './clf-time.ts';
import type { ZoneResolver } from './time-zone.ts';

/** Epoch ms, or null when the text is not a valid ISO-8601 date-time. */
export function parseIsoTime(text: string, zone: ZoneResolver): number | null {
  if (text.length < 19) return null;
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32 && sep !== 116))
    return null;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const s = digits(text, 17, 2);
  if (!validDateTime(y, mo, d, h, mi, s)) return null;
  let pos = 19;
  let ms = 0;
  if (text.charCodeAt(pos) === 46 || text.charCodeAt(pos) === 44) {
    const end = digitRunEnd(text, pos + 1);
    if (end === pos + 1) return null;
    ms = fractionMs(text, pos + 1, end);
    pos = end;
  }
  const sec = Math.min(s, 59);
  if (pos === text.length) return zone.toUtc(y, mo, d, h, mi, sec, ms);
  const c = text.charCodeAt(pos);
  if ((c === 90 || c === 122) && pos + 1 === text.length) return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (c !== 43 && c !== 45) return null;
  const rest = text.slice(pos + 1);
  const m = /^(\d{2}):?(\d{2})?$/.exec(rest);
  if (!m) return null;
  const oh = Number(m[1]);
  const om = Number(m[2] ?? '0');
  if (oh > 14 || om > 59) return null;
  const offset = (oh * 60 + om) * 60_000 * (c === 45 ? -1 : 1);
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset;
}

/**
 * Epoch seconds (`$msec`, Caddy's `ts`), milliseconds or microseconds, told apart by magnitude;
 * null outside 1970–2199.
 */
export function parseEpochTime(value: number): number | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  let ms = value;
  if (value < 1e11) ms = value * 1000;
  else if (value > 1e17) ms = value / 1e6;
  else if (value > 1e14) ms = value / 1e3;
  ms = Math.floor(ms);
  return ms < Date.UTC(2200, 0, 1) ? ms : null;
}

export function parseEpochText(text: string): number | null {
  if (!/^\d{1,20}(\.\d{1,9})?$/.test(text)) return null;
  return parseEpochTime(Number(text));
}
