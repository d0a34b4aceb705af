/**
 * Converts wall-clock times written without an offset into UTC, in the zone the user names with
 * `--tz` (an IANA name such as Europe/Berlin, `UTC`, or a fixed offset such as +05:30).
 */

export interface ZoneResolver {
  readonly name: string;
  /** Epoch ms of a wall-clock time in this zone (month 1-12). */
  toUtc(
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number,
    ms: number,
  ): number;
}

const FIXED_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

export function zoneResolver(name: string): ZoneResolver {
  if (name === 'UTC' || name === 'Z' || name === 'GMT') return fixedZone('UTC', 0);
  const fixed = FIXED_OFFSET.exec(name);
  if (fixed) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3]);
    if (Number(fixed[2]) > 14 || Number(fixed[3]) > 59)
      throw new RangeError(`invalid time zone offset: ${name}`);
    return fixedZone(name, (fixed[1] === '-' ? -1 : 1) * minutes);
  }
  return ianaZone(name);
}

function fixedZone(name: string, offsetMinutes: number): ZoneResolver {
  const offsetMs = offsetMinutes * 60_000;
  return {
    name,
    toUtc: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMs,
  };
}

function ianaZone(name: string): ZoneResolver {
  // Throws RangeError for an unknown zone: the caller turns that into a usage error.
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsetAt = (utcMs: number): number => {
    const parts = format.formatToParts(new Date(utcMs));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const asUtc = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    return asUtc - Math.floor(utcMs / 1000) * 1000;
  };
  // Offsets change at most a few times a year; cache them by local hour.
  const cache = new Map<number, number>();
  return {
    name,
    toUtc: (y, mo, d, h, mi, s, ms) => {
      const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
      const hourKey = Math.floor(local / 3_600_000);
      let offset = cache.get(hourKey);
      if (offset === undefined) {
        offset = offsetAt(local);
        const second = offsetAt(local - offset);
        if (second !== offset) offset = second;
        if (cache.size > 10_000) cache.clear();
        cache.set(hourKey, offset);
      }
      return local - offset;
    },
  };
}
