/** The columns of an event the aggregation reads (events of one site and UTC day). */
export interface DayEvent {
  event_id: string;
  salt_id: string;
  site: string;
  ts: number;
  visitor_id: string | null;
  method: string;
  path: string;
  status: number;
  bytes: number;
  channel: string;
  source: string;
  medium: string;
  campaign: string;
  browser: string;
  os: string;
  device: string;
  is_bot: boolean;
  bot_name: string | null;
  is_page_view: boolean;
}

export const DAY_EVENT_COLUMNS: readonly (keyof DayEvent)[] = [
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
];
