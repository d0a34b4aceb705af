/** The columns of an event the aggregation reads (events of one site and UTC day). */
import { EVENTS_TABLE, type EventRow } from '../events/schema.ts';

export const DAY_EVENT_COLUMNS = [
  'event_id',
  'salt_id',
  'site',
  'ts',
  'visitor_id',
  'method',
  'path',
  'status',
  'bytes',
  'channel',
  'source',
  'medium',
  'campaign',
  'browser',
  'os',
  'device',
  'is_bot',
  'bot_name',
  'is_page_view',
] as const satisfies readonly (keyof EventRow)[];

export type DayEvent = Pick<EventRow, (typeof DAY_EVENT_COLUMNS)[number]>;

/** A copy holding only the aggregation's columns, so the rest of the row can be collected. */
export function dayEventOf(e: EventRow): DayEvent {
  return {
    event_id: e.event_id,
    salt_id: e.salt_id,
    site: e.site,
    ts: e.ts,
    visitor_id: e.visitor_id,
    method: e.method,
    path: e.path,
    status: e.status,
    bytes: e.bytes,
    channel: e.channel,
    source: e.source,
    medium: e.medium,
    campaign: e.campaign,
    browser: e.browser,
    os: e.os,
    device: e.device,
    is_bot: e.is_bot,
    bot_name: e.bot_name,
    is_page_view: e.is_page_view,
  };
}

const at = (name: keyof EventRow): number => EVENTS_TABLE.columns.findIndex((c) => c.name === name);
const I = Object.fromEntries(DAY_EVENT_COLUMNS.map((name) => [name, at(name)])) as Record<
  (typeof DAY_EVENT_COLUMNS)[number],
  number
>;

/** The same copy from events held column by column (EVENTS_TABLE order), without a row object. */
export function dayEventAt(columns: readonly unknown[][], row: number): DayEvent {
  return {
    event_id: columns[I.event_id]![row] as string,
    salt_id: columns[I.salt_id]![row] as string,
    site: columns[I.site]![row] as string,
    ts: columns[I.ts]![row] as number,
    visitor_id: columns[I.visitor_id]![row] as string | null,
    method: columns[I.method]![row] as string,
    path: columns[I.path]![row] as string,
    status: columns[I.status]![row] as number,
    bytes: columns[I.bytes]![row] as number,
    channel: columns[I.channel]![row] as string,
    source: columns[I.source]![row] as string,
    medium: columns[I.medium]![row] as string,
    campaign: columns[I.campaign]![row] as string,
    browser: columns[I.browser]![row] as string,
    os: columns[I.os]![row] as string,
    device: columns[I.device]![row] as string,
    is_bot: columns[I.is_bot]![row] as boolean,
    bot_name: columns[I.bot_name]![row] as string | null,
    is_page_view: columns[I.is_page_view]![row] as boolean,
  };
}
