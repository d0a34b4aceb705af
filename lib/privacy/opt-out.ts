/**
 * Opt-out (docs/privacy.md): a hit sent with Global Privacy Control or Do Not Track, or carrying the
 * configured opt-out cookie, gets no visitor id: it is counted as a hit and page view, never as a
 * visitor, session or source.
 */
import type { ParsedHit } from '../formats/parsed-hit.ts';
import { cookieValue } from './cookies.ts';

export function isOptedOut(hit: ParsedHit, optoutCookie: string | null): boolean {
  if (hit.gpc || hit.dnt) return true;
  if (optoutCookie === null || hit.cookies === null) return false;
  const value = cookieValue(hit.cookies, optoutCookie);
  return value !== null && value !== '0' && value.toLowerCase() !== 'false';
}
