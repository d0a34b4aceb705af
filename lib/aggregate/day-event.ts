/** The columns of an event the aggregation reads (events of one site and UTC day). */
import type { EventRow } from '../events/schema.ts';

export const DAY_EVENT_COLUMNS = [
  'event_id',
  'salt_id',
  'site',
  'ts',
  'visitor_id',
  'method',
  'path',
  'query',
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
  'country',
  'hosting_network',
] as const satisfies readonly (keyof EventRow)[];

export type DayEvent = Pick<EventRow, (typeof DAY_EVENT_COLUMNS)[number]>;
