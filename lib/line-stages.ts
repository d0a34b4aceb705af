/**
 * The stages every line goes through, whoever reads it — `logveil run` and the ingest function
 * (lib/pipeline.ts) and the Firehose transform (lib/stream/transform-records.ts): **skip** lines that
 * carry nothing, **parse** with the format's parsers, count what is **malformed** by reason, and
 * **anonymize** a hit into an event with its day's salt. Each stage is written once, here.
 */
import type { EventBuilder } from './events/build-event.ts';
import type { EventRow } from './events/schema.ts';
import type { LineParser, ParsedHit, ParseResult } from './formats/index.ts';
import type { DaySalt, SaltStore } from './privacy/salts.ts';

const DAY_MS = 86_400_000;

/** Skip: a line of nothing but spaces, tabs and a carriage return carries no request. */
export function isBlankLine(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * Parse, where a line may be in any of several formats and no sample chose one (a stream under
 * `auto`): the parser that worked last is tried first, then the others; a line no parser takes
 * fails with the first parser's reason.
 */
export class FallbackParser {
  private lastGood = 0;

  constructor(private readonly parsers: readonly LineParser[]) {}

  parse(line: string): ParseResult {
    let first: ParseResult | null = null;
    for (let i = 0; i < this.parsers.length; i++) {
      const index = (this.lastGood + i) % this.parsers.length;
      const result = this.parsers[index]!.parse(line);
      if (result.ok) {
        this.lastGood = index;
        return result;
      }
      first ??= result;
    }
    return first!;
  }
}

/** Malformed: lines counted by reason (and `ignored` for headers and blank lines where asked). */
export class ReasonCounts {
  readonly byReason: Record<string, number> = {};
  total = 0;

  add(reason: string): void {
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    this.total++;
  }
}

/** The salt of each UTC day a source's hits fall on, fetched once per day. */
export class DaySalts {
  private readonly byDay = new Map<number, DaySalt>();

  constructor(private readonly store: SaltStore) {}

  /** The salt of the day of `ts` (epoch ms); the day's first call fetches or creates it. */
  async saltOf(ts: number): Promise<DaySalt> {
    const dayNo = Math.floor(ts / DAY_MS);
    let salt = this.byDay.get(dayNo);
    if (salt === undefined) {
      salt = await this.store.saltFor(new Date(dayNo * DAY_MS).toISOString().slice(0, 10));
      this.byDay.set(dayNo, salt);
    }
    return salt;
  }

  /** Whether the salt of the day of `ts` was fetched (then `known` answers without waiting). */
  has(ts: number): boolean {
    return this.byDay.has(Math.floor(ts / DAY_MS));
  }

  /** The salt of a day already fetched (after `saltOf`), without waiting. */
  known(ts: number): DaySalt {
    return this.byDay.get(Math.floor(ts / DAY_MS))!;
  }
}

/**
 * Anonymize: a hit becomes an event of its site, under its day's salt. The id is the caller's: a
 * string, or made from the site (a streamed line's id hashes its site).
 */
export function anonymize(
  builder: EventBuilder,
  hit: ParsedHit,
  salt: DaySalt,
  eventId: string | ((site: string) => string),
): EventRow {
  const site = builder.siteOf(hit);
  return builder.build(hit, site, typeof eventId === 'string' ? eventId : eventId(site), salt);
}
