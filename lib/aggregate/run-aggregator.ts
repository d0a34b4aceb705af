/**
 * Aggregation during a run: the events a run builds are kept in memory per UTC day, and a day is
 * computed as soon as the input has moved well past it, then its events are released. Memory follows
 * the days in flight, not the input. A day held whole in memory (no other events file, no id twice)
 * is computed from its columns by the fast path; any other day by the SQL over its events files,
 * once every event this run has for it is in a file. A day that gets more events later (another
 * file, late lines) is computed again at the end.
 */

import type { EventColumns } from '../events/event-columns.ts';
import type { EventSink } from '../events/event-sink.ts';
import { TS_COLUMN } from '../events/schema.ts';
import type { Store } from '../store/store.ts';
import type { AggregateOptions } from './aggregate-options.ts';
import { DayColumns } from './day-columns.ts';
import type { DayEvent } from './day-event.ts';
import {
  type DayEngines,
  type DayMemory,
  emptyResult,
  mergeResults,
  type RecomputeResult,
  recomputeDays,
} from './recompute-days.ts';

const DAY_MS = 86_400_000;
/** Hours past a day's end before it is computed: the events writer closes hours three hours behind. */
const SETTLE_MS = 4 * 3_600_000;
/** Events released by computed days between two calls of `dayReleased` (a busy day is more). */
const RELEASE_ROWS = 100_000;
/**
 * A day with more events than this is not held in memory (≈ 85 bytes an event, so ≈ 50 MB): its
 * columns are dropped and the SQL computes it from its files in DuckDB, which spills to disk past
 * its memory limit. Without the bound a day's columns grew with its lines — 2M lines a day held
 * 170 MB and more while they grew — so memory followed lines per day, not the input's shape.
 */
export const DAY_EVENTS_IN_MEMORY = 600_000;

interface OpenDay {
  /** The day's events, or null once the day outgrew DAY_EVENTS_IN_MEMORY (then computed by the SQL). */
  events: DayColumns | null;
  /** Events this run has for the day, in memory or not. */
  rows: number;
  keys: Set<string>;
  /** Rows of this day in the files this run has written (the SQL reads only files). */
  written: number;
}

export class RunAggregator implements EventSink {
  private readonly open = new Map<string, OpenDay>();
  private readonly pending = new Set<string>();
  private readonly result = emptyResult();
  /** Rows written per table by the latest computation of each day. */
  private readonly dayRows = new Map<string, Record<string, number>>();
  /** Days whose latest computation was the SQL's. */
  private readonly bySql = new Set<string>();
  private lastDay = '';
  private lastDayNo = -1;
  private lastOpen: OpenDay | null = null;
  private readonly sources = new Set<string>();
  /** Events of computed days released since the last `dayReleased`. */
  private released = 0;
  /** A source was opened twice (a copy of a file): events in memory may repeat ids. */
  private sourceRepeated = false;
  /**
   * Days past the bound in memory, computed by the SQL in DuckDB while the run goes on reading (one
   * after another): DuckDB works in threads of its own, and a day of 2M events took it 10–15 s
   * during which both of the run's threads waited. Awaited by `finish` before the days left.
   */
  private background: Promise<void> = Promise.resolve();
  /** Days handed to `background`: computing one of them again waits for it, so the last write wins. */
  private readonly inBackground = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly options: AggregateOptions,
    private readonly computedAt: number,
    private readonly force: boolean,
    private readonly engines: DayEngines,
    /**
     * Called once computed days have released at least RELEASE_ROWS events' memory (the events
     * thread collects garbage then): after every day, a year of small days paid a full collection
     * each — more time than their events took.
     */
    private readonly dayReleased: () => void = () => {},
    /** Events of one day held in memory at most (tests lower it). */
    private readonly dayLimit: number = DAY_EVENTS_IN_MEMORY,
  ) {}

  openSource(sourceKey: string): void {
    if (this.sources.has(sourceKey)) this.sourceRepeated = true;
    this.sources.add(sourceKey);
  }

  add(event: DayEvent, sourceKey: string, lineNo: number): void {
    const open = this.dayOf(event.ts);
    open.rows++;
    if (open.events === null) return;
    open.events.add(event, sourceKey, lineNo);
    if (open.rows > this.dayLimit) this.spill(open);
  }

  addRange(columns: EventColumns, from: number, to: number, sourceKey: string): void {
    const ts = columns.typed[TS_COLUMN]!;
    let start = from;
    while (start < to) {
      // Logs are nearly in time order: rows come in long runs of one day.
      const dayNo = Math.floor(ts[start]! / DAY_MS);
      let end = start + 1;
      while (end < to && Math.floor(ts[end]! / DAY_MS) === dayNo) end++;
      const open = this.dayOf(ts[start]!);
      open.rows += end - start;
      if (open.events !== null) {
        open.events.addRows(columns, start, end, sourceKey);
        if (open.rows > this.dayLimit) this.spill(open);
      }
      start = end;
    }
  }

  /** The open day of a hit time; consecutive events nearly always share one. */
  private dayOf(ts: number): OpenDay {
    const dayNo = Math.floor(ts / DAY_MS);
    if (this.lastDayNo === dayNo && this.lastOpen !== null) return this.lastOpen;
    const day = new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
    let open = this.open.get(day);
    if (open === undefined) {
      open = { events: new DayColumns(), rows: 0, keys: new Set(), written: 0 };
      this.open.set(day, open);
    }
    this.lastDay = day;
    this.lastDayNo = dayNo;
    this.lastOpen = open;
    this.pending.add(day);
    return open;
  }

  /** Drops a day's columns: the day is computed by the SQL from its files. */
  private spill(open: OpenDay): void {
    open.events = null;
    this.released += open.rows;
  }

  fileWritten(key: string, dt: string, rows: number): void {
    const open = this.open.get(dt);
    if (open) {
      open.keys.add(key);
      open.written += rows;
    }
    this.pending.add(dt);
  }

  async advance(newestTs: number): Promise<void> {
    for (const day of [...this.pending]) {
      if (Date.parse(`${day}T00:00:00Z`) + DAY_MS + SETTLE_MS <= newestTs) await this.compute([day], false);
    }
  }

  /** Days to compute again though no event of this run falls on them (their files were replaced). */
  recompute(days: readonly string[]): void {
    for (const day of days) this.pending.add(day);
  }

  /** Computes every day still waiting; returns what the whole run computed. */
  async finish(): Promise<RecomputeResult> {
    try {
      await this.background;
      await this.compute([...this.pending], true);
    } finally {
      await this.engines.sql.close();
    }
    // A day computed early and again later is reported once, with its last numbers.
    const last = new Map<string, number>();
    this.result.traffic.forEach((row, i) => {
      last.set(`${row.day}\n${row.site}`, i);
    });
    this.result.traffic.splice(
      0,
      this.result.traffic.length,
      ...this.result.traffic.filter((row, i) => last.get(`${row.day}\n${row.site}`) === i),
    );
    const lastHighlight = new Map(this.result.highlights.map((h, i) => [h.day, i]));
    this.result.highlights.splice(
      0,
      this.result.highlights.length,
      ...this.result.highlights.filter((h, i) => lastHighlight.get(h.day) === i),
    );
    this.result.computed.splice(0, this.result.computed.length, ...new Set(this.result.computed));
    this.result.frozen.splice(0, this.result.frozen.length, ...new Set(this.result.frozen));
    const lastBySql = [...this.dayRows.keys()].filter((day) => this.bySql.has(day));
    this.result.bySql.splice(0, this.result.bySql.length, ...lastBySql.sort());
    for (const name of Object.keys(this.result.rows)) this.result.rows[name] = 0;
    for (const rows of this.dayRows.values()) {
      for (const [name, n] of Object.entries(rows))
        this.result.rows[name] = (this.result.rows[name] ?? 0) + n;
    }
    return this.result;
  }

  /**
   * Computes `days`; before the end of the input (`final` false), a day waits while some of this
   * run's events of it are not in a file yet (another source still open): the SQL reads only files,
   * and whether a day needs it shows only once its files are listed.
   */
  private async compute(days: string[], final: boolean): Promise<void> {
    const memoryOf = (open: OpenDay | undefined): DayMemory | undefined => {
      const events = open?.events;
      if (!open || !events) return undefined;
      return { table: () => events.table(), keys: open.keys, uniqueIds: !this.sourceRepeated };
    };
    for (const day of days.sort()) {
      const open = this.open.get(day);
      if (!final && open && open.written < open.rows) continue;
      this.pending.delete(day);
      this.open.delete(day);
      if (this.lastDay === day) {
        this.lastDay = '';
        this.lastDayNo = -1;
        this.lastOpen = null;
      }
      if (!final && open?.events === null) {
        // Its files are all written and its columns dropped: the SQL's, in the background. Events
        // of the day that come later make it pending again, computed once more at the end.
        this.inBackground.add(day);
        this.background = this.background.then(() => this.computeDay(day, undefined));
        // Raised by `finish`, which awaits it; not an unhandled rejection meanwhile.
        this.background.catch(() => {});
        continue;
      }
      if (this.inBackground.has(day)) await this.background;
      await this.computeDay(day, memoryOf(open));
      if (open?.events) this.released += open.rows;
      if (this.released >= RELEASE_ROWS) {
        this.released = 0;
        this.dayReleased();
      }
    }
  }

  /** Computes one day (from `known`, its events in memory, when it can) and records what it wrote. */
  private async computeDay(day: string, known: DayMemory | undefined): Promise<void> {
    const computed = await recomputeDays(
      this.store,
      [day],
      this.options,
      this.computedAt,
      this.force,
      this.engines,
      () => known,
    );
    mergeResults(this.result, computed);
    if (computed.computed.length > 0) {
      this.dayRows.set(day, computed.rows);
      if (computed.bySql.length > 0) this.bySql.add(day);
      else this.bySql.delete(day);
    }
  }
}
