/**
 * The events table (docs/tables.md): one row per parsed request, pseudonymous, kept 30 days. Defined once;
 * the Parquet writer, the Glue table and docs/tables.md all read this.
 */

import type { AnonymizedFields } from '../privacy/event-rules.ts';
import { col, type TableDef, uniqueCol } from '../tables/column.ts';

export const EVENTS_TABLE: TableDef = {
  name: 'events',
  prefix: 'events',
  doc: 'One row per parsed request, after every privacy rule. Pseudonymous: kept 30 days, readable by ops only.',
  partitions: [
    col('dt', 'string', 'UTC day of `ts`, `YYYY-MM-DD`.'),
    col('hour', 'string', 'UTC hour of `ts`, two digits.'),
  ],
  columns: [
    uniqueCol(
      'event_id',
      'string',
      'Stable id: SHA-256 of the source id (20 hex) and the line number (10 hex); for streamed lines SHA-256 of `stream`, the site and the line. Duplicates count once.',
    ),
    col(
      'salt_id',
      'string',
      'First 8 hex characters of SHA-256 of the day salt the visitor id was made with.',
    ),
    col('site', 'string', 'Host the request was for (lowercase, no port), else `--site`, else `default`.'),
    col('ts', 'timestamp_ms', 'Request time, UTC, millisecond precision.'),
    col(
      'visitor_id',
      'string',
      'HMAC of site, client address and user agent under the day salt (16 hex); null when opted out.',
      true,
    ),
    col('method', 'string', 'HTTP method, upper case; `-` when the request line could not be read.'),
    col(
      'path',
      'string',
      'Percent-decoded path with identifying segments generalized (`:email`, `:num`, …); `(invalid)` for unreadable requests.',
    ),
    col('query', 'string', 'Allow-listed query parameters only, values scrubbed; null when none.', true),
    col('status', 'int32', 'HTTP status code.'),
    col('bytes', 'int64', 'Response bytes as logged (0 when `-`).'),
    col('duration_ms', 'int32', 'Time taken to serve the request, when the format logs it.', true),
    col(
      'referrer_host',
      'string',
      'Referrer host, `www.` stripped (`[ip]` for an address); null when none.',
      true,
    ),
    col('referrer_path', 'string', 'Generalized referrer path, for internal referrers only.', true),
    col(
      'channel',
      'string',
      "This hit's channel: paid, email, search, social, campaign, referral or direct.",
    ),
    col('source', 'string', 'utm_source, else the external referrer host, else `(direct)`.'),
    col('medium', 'string', 'utm_medium, else cpc, organic, social, referral, email or `(none)`.'),
    col('campaign', 'string', 'utm_campaign, else `(none)`.'),
    col('browser', 'string', 'Browser family (`(unknown)` when unknown).'),
    col('browser_version', 'string', 'Browser major version.', true),
    col('os', 'string', 'Operating system family (`(unknown)` when unknown).'),
    col('device', 'string', 'desktop, mobile, tablet, bot, other (console, TV, wearable…) or `(unknown)`.'),
    col(
      'country',
      'string',
      'Country of the client address, ISO 3166-1 alpha-2 (never region or city); `(unknown)` when not found. Null means `(unknown)`: events that came through the stream leave it out, to fit Lambda’s response limit.',
      true,
    ),
    col(
      'is_bot',
      'boolean',
      'The user agent declares a bot (isbot); behavioural bots are found by the aggregates.',
    ),
    col(
      'bot_name',
      'string',
      'Bot user agents: what the bot library matched, as a product name, or `(unnamed)`.',
      true,
    ),
    col(
      'is_page_view',
      'boolean',
      'Non-bot GET with status 2xx or 304, not a static asset (user-agent verdict only).',
    ),
    col(
      'hosting_network',
      'boolean',
      'The client address belongs to a hosting or cloud network (lib/networks/hosting-networks.ts). Null means false (left out by the stream, as `country`).',
      true,
    ),
  ],
};

/** An event: the columns the privacy rules decide (event-rules.ts) and those copied or made by the run. */
export interface EventRow extends AnonymizedFields {
  event_id: string;
  salt_id: string;
  site: string;
  ts: number;
  method: string;
  status: number;
  bytes: number;
  duration_ms: number | null;
}

/** Position of a column in EVENTS_TABLE order (the order of column-wise event data). */
export function eventsColumnIndex(name: keyof EventRow): number {
  return EVENTS_TABLE.columns.findIndex((c) => c.name === name);
}

/** Time column's position: column-wise event data is routed to hours and days by it. */
export const TS_COLUMN = eventsColumnIndex('ts');

/** `YYYY-MM-DD` and `HH` of an epoch-ms time, UTC. */
export function partitionOf(ts: number): { dt: string; hour: string } {
  const iso = new Date(ts).toISOString();
  return { dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
}

export function dayOf(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}
