/**
 * Normalizes host names from logs and URLs: lowercase, no port, no trailing dot, `www.` optionally
 * stripped. Returns null for anything that is not a plausible DNS name, and marks IP literals, so an
 * address never passes as a "host".
 */
import { isIP } from 'node:net';

const HOSTNAME = /^[\p{L}\p{N}_-]{1,63}(?:\.[\p{L}\p{N}_-]{1,63}){0,20}$/u;

export type HostResult = { kind: 'name'; host: string } | { kind: 'ip' } | { kind: 'invalid' };

export function normalizeHost(raw: string): HostResult {
  let host = raw.trim().toLowerCase();
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close > 0 && isIP(host.slice(1, close)) ? { kind: 'ip' } : { kind: 'invalid' };
  }
  if (isIP(host)) return { kind: 'ip' };
  const colon = host.lastIndexOf(':');
  if (colon >= 0) {
    if (host.indexOf(':') !== colon) return isIP(host) ? { kind: 'ip' } : { kind: 'invalid' };
    host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (isIP(host)) return { kind: 'ip' };
  if (host.length === 0 || host.length > 253 || !HOSTNAME.test(host)) return { kind: 'invalid' };
  return { kind: 'name', host };
}

export function stripWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : host;
}
