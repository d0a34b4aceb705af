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

interface OpenDay {
  events: DayColumns;
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
  ) {}

  openSource(sourceKey: string): void {
    if (this.sources.has(sourceKey)) this.sourceRepeated = true;
    this.sources.add(sourceKey);
  }

  add(event: DayEvent, sourceKey: string, lineNo: number): void {
    this.dayOf(event.ts).add(event, sourceKey, lineNo);
  }

  addRange(columns: EventColumns, from: number, to: number, sourceKey: string): void {
    const ts = columns.typed[TS_COLUMN]!;
    let start = from;
    while (start < to) {
      // Logs are nearly in time order: rows come in long runs of one day.
      const dayNo = Math.floor(ts[start]! / DAY_MS);
      let end = start + 1;
      while (end < to && Math.floor(ts[end]! / DAY_MS) === dayNo) end++;
      this.dayOf(ts[start]!).addRows(columns, start, end, sourceKey);
      start = end;
    }
  }

  /** The open day of a hit time; consecutive events nearly always share one. */
  private dayOf(ts: number): DayColumns {
    const dayNo = Math.floor(ts / DAY_MS);
    if (this.lastDayNo === dayNo && this.lastOpen !== null) return this.lastOpen.events;
    const day = new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
    let open = this.open.get(day);
    if (open === undefined) {
      open = { events: new DayColumns(), keys: new Set(), written: 0 };
      this.open.set(day, open);
    }
    this.lastDay = day;
    this.lastDayNo = dayNo;
    this.lastOpen = open;
    this.pending.add(day);
    return open.events;
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
    const memory = (day: string): DayMemory | undefined => {
      const open = this.open.get(day);
      return open && { table: () => open.events.table(), keys: open.keys, uniqueIds: !this.sourceRepeated };
    };
    for (const day of days.sort()) {
      const open = this.open.get(day);
      if (!final && open && open.written < open.events.length) continue;
      const computed = await recomputeDays(
        this.store,
        [day],
        this.options,
        this.computedAt,
        this.force,
        this.engines,
        memory,
      );
      mergeResults(this.result, computed);
      if (computed.computed.length > 0) {
        this.dayRows.set(day, computed.rows);
        if (computed.bySql.length > 0) this.bySql.add(day);
        else this.bySql.delete(day);
      }
      this.pending.delete(day);
      this.released += open?.events.length ?? 0;
      this.open.delete(day);
      if (this.lastDay === day) {
        this.lastDay = '';
        this.lastDayNo = -1;
        this.lastOpen = null;
      }
      if (this.released >= RELEASE_ROWS) {
        this.released = 0;
        this.dayReleased();
      }
    }
  }
}
