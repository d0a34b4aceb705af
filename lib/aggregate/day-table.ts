/**
 * A day's events as the computation reads them: column by column, in the order it must see them
 * (time, then event id). Numbers are typed arrays, strings are codes into one string table (equal
 * strings, equal codes; -1 for null), so computing a day makes no object per event — a day of a
 * million events would otherwise be a million objects surviving every young-generation collection
 * while it is computed.
 */

/** The string columns of a DayEvent other than its id, in the order of `DayTable.codes`. */
export const DAY_STRING_COLUMNS = [
  'salt_id',
  'site',
  'visitor_id',
  'method',
  'path',
  'channel',
  'source',
  'medium',
  'campaign',
  'browser',
  'os',
  'device',
  'bot_name',
  'country',
  'query',
] as const;

/** The index of a string column in `DayTable.codes`, found by name (never numbered by hand). */
function stringColumn(name: (typeof DAY_STRING_COLUMNS)[number]): number {
  return DAY_STRING_COLUMNS.indexOf(name);
}

export const SALT = stringColumn('salt_id');
export const SITE = stringColumn('site');
export const VISITOR = stringColumn('visitor_id');
export const METHOD = stringColumn('method');
export const PATH = stringColumn('path');
export const CHANNEL = stringColumn('channel');
export const SOURCE = stringColumn('source');
export const MEDIUM = stringColumn('medium');
export const CAMPAIGN = stringColumn('campaign');
export const BROWSER = stringColumn('browser');
export const OS = stringColumn('os');
export const DEVICE = stringColumn('device');
export const BOT_NAME = stringColumn('bot_name');
export const COUNTRY = stringColumn('country');
export const QUERY = stringColumn('query');

export const NULL_CODE = -1;
export const IS_BOT_FLAG = 1;
export const IS_PAGE_VIEW_FLAG = 2;
export const HOSTING_NETWORK_FLAG = 4;

export interface DayTable {
  readonly length: number;
  readonly ts: Float64Array;
  readonly status: Int32Array;
  readonly bytes: Float64Array;
  /** IS_BOT_FLAG | IS_PAGE_VIEW_FLAG | HOSTING_NETWORK_FLAG. */
  readonly flags: Uint8Array;
  /** One array per DAY_STRING_COLUMNS entry. */
  readonly codes: readonly Int32Array[];
  readonly strings: readonly string[];
  /** Rows in time then id order; null when they already are. */
  readonly order: ArrayLike<number> | null;
}
