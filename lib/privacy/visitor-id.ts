/**
 * Visitor ids (DESIGN §3): HMAC-SHA256 under the day's salt of exactly `site \n ip \n user-agent`
 * (or `site \n c \n cookie value`), first 16 hex characters. The same bytes on every path (CLI,
 * ingest, transform) give the same id for the same visitor and day.
 */
import { createHmac } from 'node:crypto';

export function visitorId(salt: Buffer, site: string, ip: string, userAgent: string | null): string {
  return createHmac('sha256', salt)
    .update(`${site}\n${ip}\n${userAgent ?? '-'}`, 'utf8')
    .digest('hex')
    .slice(0, 16);
}

export function cookieVisitorId(salt: Buffer, site: string, cookieValue: string): string {
  return createHmac('sha256', salt).update(`${site}\nc\n${cookieValue}`, 'utf8').digest('hex').slice(0, 16);
}
