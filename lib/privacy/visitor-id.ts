/**
 * Visitor ids (docs/privacy.md): HMAC-SHA256 under the day's salt of exactly `site \n ip \n user-agent`
 * (or `site \n c \n cookie value`), first 16 hex characters. The same bytes on every path (CLI,
 * ingest, transform) give the same id for the same visitor and day.
 */
import { createHmac, type Hmac } from 'node:crypto';

export function visitorId(salt: Buffer, site: string, ip: string, userAgent: string | null): string {
  return idOf(createHmac('sha256', salt).update(`${site}\n${ip}\n${userAgent ?? '-'}`, 'utf8'));
}

export function cookieVisitorId(salt: Buffer, site: string, cookieValue: string): string {
  return idOf(createHmac('sha256', salt).update(`${site}\nc\n${cookieValue}`, 'utf8'));
}

/**
 * The first 8 bytes of the digest in lowercase hex (16 characters), spelled on their own: a slice of
 * the whole 64-character hex digest would keep all of it alive in every cache entry and day table.
 */
function idOf(hmac: Hmac): string {
  return hmac.digest().toString('hex', 0, 8);
}
