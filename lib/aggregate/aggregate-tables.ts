/**
 * The aggregate tables of docs/tables.md, defined once: Parquet writers, Glue tables and
 * docs/tables.md all read these definitions. Each is partitioned by `dt` only and carries `site`.
 */
import { type ColumnDef, col, type TableDef } from '../tables/column.ts';
import type { AggregateOptions } from './aggregate-options.ts';

const DT = col('dt', 'string', 'UTC day, `YYYY-MM-DD`.');
const SITE = col('site', 'string', 'Site (host) the counts are for.');
const count = (name: string, doc: string): ColumnDef => col(name, 'int64', doc);
const VISITORS = count('visitors', 'Distinct visitor ids among the page views of the group (exact count).');

function table(name: string, doc: string, columns: ColumnDef[]): TableDef {
  return { name, prefix: `aggregates/${name}`, partitions: [DT], columns: [SITE, ...columns], doc };
}

export const TRAFFIC_DAILY = table('traffic_daily', 'One row per site and day: the headline numbers.', [
  count('hits', 'Parsed requests, bots included.'),
  count('bot_hits', 'Hits from declared bots (user agent) or behavioural bots.'),
  count('bytes', 'Response bytes of all hits.'),
  count('page_views', 'Page views (non-bot GET, 2xx or 304, not a static asset), opted-out ones included.'),
  count('opt_out_page_views', 'Page views that carried GPC, DNT or the opt-out cookie (no visitor id).'),
  VISITORS,
  count('sessions', 'Sessions: a visitor’s page views with gaps of at most 30 minutes, within the UTC day.'),
  count('bounces', 'Sessions of exactly one page view.'),
  count('session_seconds', 'Sum over sessions of whole seconds from first to last page view.'),
  col('salt_epochs', 'int32', 'Distinct day salts among the events; above 1, visitors may be over-counted.'),
  col('computed_at', 'timestamp_ms', 'When this day was computed.'),
]);

export const TRAFFIC_HOURLY = table(
  'traffic_hourly',
  'One row per site, day and UTC hour with traffic: capacity.',
  [
    col('hour', 'int32', 'UTC hour, 0–23.'),
    count('hits', 'Parsed requests, bots included.'),
    count('bytes', 'Response bytes of all hits.'),
    count('page_views', 'Page views.'),
    VISITORS,
    col('peak_rpm', 'int32', 'Most hits (bots included) in one calendar UTC minute of the hour.'),
    count('errors_5xx', 'Hits with status 500–599, bots included.'),
  ],
);

export const PAGES_DAILY = table(
  'pages_daily',
  'Page views per path. A path with fewer than k visitors is counted under its parent prefix (`/a/b/(other)`, then `/a/(other)`), and only what is still below k goes into `(other)`.',
  [
    col(
      'path',
      'string',
      'Generalized path, a prefix row `/a/(other)` (other pages under /a/), or `(other)`.',
    ),
    count('page_views', 'Page views of the path.'),
    VISITORS,
    count('entries', 'Sessions that started on the path.'),
    count('exits', 'Sessions that ended on the path.'),
  ],
);

export const SOURCES_DAILY = table(
  'sources_daily',
  'Sessions per traffic source (from each session’s first page view). Rows with fewer than k visitors are folded into one `(other)` row per channel.',
  [
    col('channel', 'string', 'paid, email, search, social, campaign, referral or direct.'),
    col(
      'source',
      'string',
      'utm_source, else the external referrer host, else `(direct)`; `(other)` when folded.',
    ),
    col(
      'medium',
      'string',
      'utm_medium, else cpc, organic, social, referral, email or `(none)`; `(other)` when folded.',
    ),
    col('campaign', 'string', 'utm_campaign, else `(none)`; `(other)` when folded.'),
    count('sessions', 'Sessions from the source.'),
    count('visitors', 'Distinct visitors with a session from the source.'),
    count('page_views', 'Page views in those sessions.'),
    count('bounces', 'One-page-view sessions from the source.'),
  ],
);

export const TECHNOLOGY_DAILY = table(
  'technology_daily',
  'Page views per browser, operating system and device type. Rows with fewer than k visitors are folded into `(other)`.',
  [
    col('browser', 'string', 'Browser family, `(unknown)`, or `(other)` when folded.'),
    col('os', 'string', 'Operating system family, `(unknown)`, or `(other)` when folded.'),
    col('device', 'string', 'desktop, mobile, tablet, other, `(unknown)`, or `(other)` when folded.'),
    count('page_views', 'Page views.'),
    VISITORS,
  ],
);

export const TRANSITIONS_DAILY = table(
  'transitions_daily',
  'Navigation: consecutive page views within a session (reloads `a → a` count). A pair with fewer than k visitors is counted under its ends’ parent prefixes (both at once), and only what is still below k goes into `(other)` → `(other)`.',
  [
    col('from_path', 'string', 'Path of the earlier page view.'),
    col('to_path', 'string', 'Path of the next page view.'),
    count('count', 'Transitions.'),
    count('visitors', 'Distinct visitors who made the transition.'),
  ],
);

export const STATUS_DAILY = table('status_daily', 'Hits per HTTP status, bots included.', [
  col('status', 'int32', 'HTTP status code.'),
  count('hits', 'Hits with the status.'),
]);

export const NOT_FOUND_DAILY = table(
  'not_found_daily',
  'Paths answered 404. A path with fewer than k visitors is counted under its parent prefix (`/a/(other)`), and only what is still below k goes into `(other)`.',
  [
    col('path', 'string', 'Generalized path, a prefix row `/a/(other)`, or `(other)`.'),
    count('hits', 'Hits answered 404, bots included.'),
    count('visitors', 'Distinct visitors among its non-bot hits.'),
  ],
);

export const BOTS_DAILY = table(
  'bots_daily',
  'Bot traffic per bot name; `(hosting network)` for browsers on hosting networks, `(behaviour)` for clients that behaved like bots.',
  [
    col(
      'bot_name',
      'string',
      'Declared bot name, `(unnamed)`, `(hosting network)` (a browser from a hosting network), or `(behaviour)`; never `(other)`.',
    ),
    count('hits', 'Bot hits.'),
    count('bytes', 'Response bytes of bot hits.'),
  ],
);

export const COUNTRIES_DAILY = table(
  'countries_daily',
  'Page views, visitors, sessions and bounces per country of the client address, and nothing else: no table crosses country with path, source or technology. A country with fewer than k visitors is counted in `(other)`.',
  [
    col('country', 'string', 'ISO 3166-1 alpha-2 code, `(unknown)`, or `(other)`.'),
    count('page_views', 'Page views from the country, opted-out ones included.'),
    VISITORS,
    count('sessions', 'Sessions whose first page view came from the country.'),
    count('bounces', 'Of those sessions, the ones of exactly one page view.'),
  ],
);

export const GOALS_DAILY = table(
  'goals_daily',
  'Conversions per goal and traffic source: sessions that reached a goal (`--goal`), with the source of their first page view. Rows with fewer than k visitors are folded into one `(other)` row per goal and channel, the channel kept, so a goal’s conversions by channel add up to its total.',
  [
    col('goal', 'string', 'The goal’s name, as configured.'),
    col('channel', 'string', 'paid, email, search, social, campaign, referral or direct.'),
    col('source', 'string', 'As in sources_daily; `(other)` when folded.'),
    col('medium', 'string', 'As in sources_daily; `(other)` when folded.'),
    col('campaign', 'string', 'As in sources_daily; `(other)` when folded.'),
    count('conversions', 'Sessions that reached the goal (once however often).'),
    count('visitors', 'Distinct visitors among those sessions.'),
    count('page_views', 'Page views of those sessions.'),
  ],
);

export const FUNNELS_DAILY = table(
  'funnels_daily',
  'Sessions per funnel step (`--funnel`): the sessions that went through the steps up to this one in order. A step reached by fewer than k visitors is left out, so a funnel’s rows stop where fewer than k visitors went on.',
  [
    col('funnel', 'string', 'The funnel’s name, as configured.'),
    col('step_number', 'int32', 'The step’s place in the funnel, from 1.'),
    col('step', 'string', 'The step’s pattern, in brackets when it may be skipped.'),
    count('sessions', 'Sessions that reached the step in order.'),
    count('visitors', 'Distinct visitors among those sessions.'),
  ],
);

export const AGGREGATE_TABLES: readonly TableDef[] = [
  TRAFFIC_DAILY,
  TRAFFIC_HOURLY,
  PAGES_DAILY,
  SOURCES_DAILY,
  TECHNOLOGY_DAILY,
  TRANSITIONS_DAILY,
  STATUS_DAILY,
  NOT_FOUND_DAILY,
  BOTS_DAILY,
  COUNTRIES_DAILY,
  GOALS_DAILY,
  FUNNELS_DAILY,
];

/**
 * The tables whose rows depend on the events: goals_daily and funnels_daily only with goals or
 * funnels configured (otherwise they have no rows, and no query needs to run for them).
 */
export function tablesToCompute(
  options: AggregateOptions,
  tables: readonly TableDef[] = AGGREGATE_TABLES,
): TableDef[] {
  return tables.filter(
    (t) =>
      (t !== GOALS_DAILY || options.goals.length > 0) && (t !== FUNNELS_DAILY || options.funnels.length > 0),
  );
}

export function aggregateKey(table: TableDef, day: string): string {
  return `${table.prefix}/dt=${day}/part-00000.parquet`;
}
