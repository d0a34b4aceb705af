/**
 * Which days a report covers, which days it compares them with, and whether its time series is
 * hourly or daily. Days are UTC `YYYY-MM-DD` strings, as in the tables' `dt` partitions.
 */

const DAY_MS = 86_400_000;
/** Without --from/--to: the last 30 days that end on the newest day with data. */
export const DEFAULT_DAYS = 30;
/** Up to this many days the series is hourly (at most 72 points); longer ranges are daily. */
export const HOURLY_MAX_DAYS = 3;

export interface ReportRange {
  readonly from: string;
  readonly to: string;
  readonly days: readonly string[];
  /** The same number of days right before `from`. */
  readonly previous: readonly string[];
  readonly granularity: 'hour' | 'day';
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: string): boolean {
  if (!DAY_RE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The store holds no aggregates at all: there is nothing to report on. */
export class NoAggregatesError extends Error {
  override name = 'NoAggregatesError';
  constructor() {
    super('no aggregate tables found: run `logveil run` first');
  }
}

/**
 * Resolves the range from the options and the days that hold data (sorted). Throws a RangeError with
 * a message for the user when the options are not valid days or are reversed.
 */
export function resolveRange(
  options: { from?: string | undefined; to?: string | undefined },
  available: readonly string[],
): ReportRange {
  for (const [name, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value !== undefined && !isDay(value)) throw new RangeError(`${name} must be a day, YYYY-MM-DD`);
  }
  const newest = available.at(-1);
  const to =
    options.to ??
    (options.from !== undefined && newest !== undefined && newest < options.from ? options.from : newest);
  if (to === undefined) throw new NoAggregatesError();
  let from = options.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (options.from === undefined && available.length > 0 && from < available[0]! && available[0]! <= to) {
    from = available[0]!;
  }
  if (from > to) throw new RangeError('--from is after --to');
  const days = daysBetween(from, to);
  const previous = daysBetween(addDays(from, -days.length), addDays(from, -1));
  return { from, to, days, previous, granularity: days.length <= HOURLY_MAX_DAYS ? 'hour' : 'day' };
}
