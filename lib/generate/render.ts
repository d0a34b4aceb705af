/**
 * Renders generated hits as log lines: Apache/nginx combined, or nginx `escape=json` style JSON (which
 * also logs the Sec-GPC header; combined has no field for it).
 */
import type { GeneratedHit } from './traffic-model.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${two(Math.floor(abs / 60))}${colon ? ':' : ''}${two(abs % 60)}`;
}

export function clfTime(ts: number, offsetMinutes: number): string {
  const d = new Date(ts + offsetMinutes * 60_000);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(
    d.getUTCMinutes(),
  )}:${two(d.getUTCSeconds())} ${offsetText(offsetMinutes, false)}`;
}

export function isoTime(ts: number, offsetMinutes: number): string {
  const local = new Date(ts + offsetMinutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offsetText(offsetMinutes, true)}`;
}

function requestLine(hit: GeneratedHit): string {
  return hit.target === null ? '-' : `${hit.method} ${hit.target} HTTP/1.1`;
}

export function renderCombined(hit: GeneratedHit): string {
  return `${hit.ip} - ${hit.user ?? '-'} [${clfTime(hit.ts, hit.offsetMinutes)}] "${requestLine(hit)}" ${hit.status} ${
    hit.bytes
  } "${hit.referrer ?? '-'}" "${hit.ua}"`;
}

export function renderJson(hit: GeneratedHit): string {
  return JSON.stringify({
    time: isoTime(hit.ts, hit.offsetMinutes),
    remote_addr: hit.ip,
    remote_user: hit.user ?? '-',
    request: requestLine(hit),
    status: hit.status,
    body_bytes_sent: hit.bytes,
    http_referer: hit.referrer ?? '-',
    http_user_agent: hit.ua,
    // nginx writes an absent header as an empty string under escape=json.
    http_sec_gpc: hit.gpc ? '1' : '',
    host: hit.host,
  });
}
