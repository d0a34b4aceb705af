/**
 * One UTC day's events for the aggregation, held column by column until the day is computed: numbers
 * in typed arrays, strings as codes into the day's own string table, event ids as source + line
 * number. A day in flight then costs about 85 bytes per event outside the JS heap instead of a
 * 19-field object plus an id string that the garbage collector must trace and promote while the day
 * fills (it was the worker's largest cost and most of its heap). Objects are made only for the
 * computation, and dropped with it.
 */

import type { EventColumns } from '../events/event-columns.ts';
import { lineEventId } from '../events/event-id.ts';
import { EVENTS_TABLE, eventsColumnIndex, TS_COLUMN } from '../events/schema.ts';
import { detach } from '../privacy/detach.ts';

import { grown } from '../tables/grown.ts';
import type { DayEvent } from './day-event.ts';
import {
  BOT_NAME,
  BROWSER,
  CAMPAIGN,
  CHANNEL,
  COUNTRY,
  DAY_STRING_COLUMNS,
  type DayTable,
  DEVICE,
  HOSTING_NETWORK_FLAG,
  IS_BOT_FLAG,
  IS_PAGE_VIEW_FLAG,
  MEDIUM,
  METHOD,
  NULL_CODE,
  OS,
  PATH,
  QUERY,
  SALT,
  SITE,
  SOURCE,
  VISITOR,
} from './day-table.ts';

/** The order of the code arrays (`add` spells the same order out field by field, for speed). */
const STRINGS = DAY_STRING_COLUMNS;
for (const name of STRINGS) {
  if (EVENTS_TABLE.columns[eventsColumnIndex(name)]!.type !== 'string')
    throw new Error(`${name} is not a string`);
}

const at = eventsColumnIndex;
const STRING_AT = STRINGS.map(at);
const TS = TS_COLUMN;
const STATUS = at('status');
const BYTES = at('bytes');
const IS_BOT = at('is_bot');
const IS_PAGE_VIEW = at('is_page_view');
const HOSTING_NETWORK = at('hosting_network');

/** Line numbers below this have ten hex digits in an event id (event-id.ts). */
const MAX_HEX_LINE = 16 ** 10;
const UNSEEN = -2;

const INITIAL_ROWS = 1024;

export class DayColumns {
  length = 0;
  private capacity = INITIAL_ROWS;
  private ts = new Float64Array(INITIAL_ROWS);
  private status = new Int32Array(INITIAL_ROWS);
  private bytes = new Float64Array(INITIAL_ROWS);
  /** IS_BOT_FLAG | IS_PAGE_VIEW_FLAG | HOSTING_NETWORK_FLAG. */
  private flags = new Uint8Array(INITIAL_ROWS);
  private line = new Float64Array(INITIAL_ROWS);
  private idSource = new Int32Array(INITIAL_ROWS);
  private codes = STRINGS.map(() => new Int32Array(INITIAL_ROWS));
  private readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  /** Neighbouring events often repeat a value (site, salt, channel): skip the Map for those. */
  private readonly lastValue: Array<string | null> = STRINGS.map(() => null);
  private readonly lastCode: number[] = STRINGS.map(() => NULL_CODE);
  private readonly sources: string[] = [];
  private lastSource = '';
  private lastSourceCode = -1;
  private lastColumns: EventColumns | null = null;
  /** A line number past ten hex digits: ids no longer sort as (source, line). */
  private wideLines = false;
  private translate: Int32Array[] = [];

  /** The event of line `lineNo` of source `sourceKey` (its id is lineEventId of the two). */
  add(e: DayEvent, sourceKey: string, lineNo: number): void {
    const r = this.row(e, sourceKey, lineNo);
    const c = this.codes;
    c[SALT]![r] = this.code(SALT, e.salt_id);
    c[SITE]![r] = this.code(SITE, e.site);
    c[VISITOR]![r] = this.code(VISITOR, e.visitor_id);
    c[METHOD]![r] = this.code(METHOD, e.method);
    c[PATH]![r] = this.code(PATH, e.path);
    c[CHANNEL]![r] = this.code(CHANNEL, e.channel);
    c[SOURCE]![r] = this.code(SOURCE, e.source);
    c[MEDIUM]![r] = this.code(MEDIUM, e.medium);
    c[CAMPAIGN]![r] = this.code(CAMPAIGN, e.campaign);
    c[BROWSER]![r] = this.code(BROWSER, e.browser);
    c[OS]![r] = this.code(OS, e.os);
    c[DEVICE]![r] = this.code(DEVICE, e.device);
    c[BOT_NAME]![r] = this.code(BOT_NAME, e.bot_name);
    c[COUNTRY]![r] = this.code(COUNTRY, e.country);
    c[QUERY]![r] = this.code(QUERY, e.query);
  }

  /**
   * Rows `from` to `to` (exclusive) of `columns`, all of this day, from source `sourceKey`: copied
   * column by column, each a tight loop over typed arrays (a row at a time, the code
   * columns made this the events thread's largest cost after Parquet).
   */
  addRows(columns: EventColumns, from: number, to: number, sourceKey: string): void {
    const count = to - from;
    if (count <= 0) return;
    while (this.length + count > this.capacity) this.grow();
    const base = this.length;
    const v = columns.typed;
    const ts = v[TS]!;
    const status = v[STATUS]!;
    const bytes = v[BYTES]!;
    const isBot = v[IS_BOT]!;
    const isPageView = v[IS_PAGE_VIEW]!;
    const hosting = v[HOSTING_NETWORK]!;
    const lineNos = columns.lineNos;
    for (let i = 0; i < count; i++) {
      const r = from + i;
      const row = base + i;
      this.ts[row] = ts[r]!;
      this.status[row] = status[r]!;
      this.bytes[row] = bytes[r]!;
      this.flags[row] =
        (isBot[r] === 1 ? IS_BOT_FLAG : 0) |
        (isPageView[r] === 1 ? IS_PAGE_VIEW_FLAG : 0) |
        (hosting[r] === 1 ? HOSTING_NETWORK_FLAG : 0);
      const lineNo = lineNos[r]!;
      this.line[row] = lineNo;
      if (lineNo >= MAX_HEX_LINE) this.wideLines = true;
    }
    this.idSource.fill(this.sourceCode(sourceKey), base, base + count);
    if (columns !== this.lastColumns) this.startColumns(columns);
    for (let k = 0; k < STRINGS.length; k++) {
      const packed = columns.packed[STRING_AT[k]!];
      if (!packed) {
        this.addPlain(k, columns, from, count, base);
        continue;
      }
      const codes = packed.codes;
      const out = this.codes[k]!;
      const seen = this.translate[k]!;
      for (let i = 0; i < count; i++) {
        const c = codes[from + i]!;
        let code = NULL_CODE;
        if (c >= 0) {
          code = seen[c]!;
          if (code === UNSEEN) {
            code = this.code(k, packed.dict[c]!);
            seen[c] = code;
          }
        }
        out[base + i] = code;
      }
    }
    this.length += count;
  }

  /** Rows of string column `k` that came as plain strings: interned one by one. */
  private addPlain(k: number, columns: EventColumns, from: number, count: number, base: number): void {
    const values = columns.plain?.[STRING_AT[k]!];
    if (!values) throw new Error(`events column ${STRINGS[k]} is neither coded nor plain`);
    const out = this.codes[k]!;
    for (let i = 0; i < count; i++) out[base + i] = this.code(k, values[from + i] ?? null);
  }

  /** New columns: their dictionary codes map to this day's codes as rows meet them. */
  private startColumns(columns: EventColumns): void {
    this.lastColumns = columns;
    this.translate = STRING_AT.map((column) => {
      const packed = columns.packed[column];
      return packed ? new Int32Array(packed.dict.length).fill(UNSEEN) : new Int32Array(0);
    });
  }

  /** The day as the computation reads it, without an object per event (see day-table.ts). */
  table(): DayTable {
    const n = this.length;
    return {
      length: n,
      ts: this.ts.subarray(0, n),
      status: this.status.subarray(0, n),
      bytes: this.bytes.subarray(0, n),
      flags: this.flags.subarray(0, n),
      codes: this.codes.map((c) => c.subarray(0, n)),
      strings: this.strings,
      order: this.timeOrder(),
    };
  }

  /**
   * The day's events as objects, in time then id order (to be merged with events read back from
   * files, which the computation then de-duplicates and sorts again).
   */
  toEvents(): DayEvent[] {
    const order = this.timeOrder();
    const out: DayEvent[] = new Array(this.length);
    const s = this.strings;
    const [
      salt,
      site,
      visitor,
      method,
      path,
      channel,
      source,
      medium,
      campaign,
      browser,
      os,
      device,
      bot,
      country,
      query,
    ] = this.codes as [Int32Array, ...Int32Array[]];
    const str = (code: number) => (code === NULL_CODE ? null : s[code]!);
    for (let k = 0; k < this.length; k++) {
      const i = order === null ? k : order[k]!;
      const flags = this.flags[i]!;
      out[k] = {
        event_id: lineEventId(this.sources[this.idSource[i]!]!, this.line[i]!),
        salt_id: s[salt[i]!]!,
        site: s[site![i]!]!,
        ts: this.ts[i]!,
        visitor_id: str(visitor![i]!),
        method: s[method![i]!]!,
        path: s[path![i]!]!,
        query: str(query![i]!),
        status: this.status[i]!,
        bytes: this.bytes[i]!,
        channel: s[channel![i]!]!,
        source: s[source![i]!]!,
        medium: s[medium![i]!]!,
        campaign: s[campaign![i]!]!,
        browser: s[browser![i]!]!,
        os: s[os![i]!]!,
        device: s[device![i]!]!,
        is_bot: (flags & IS_BOT_FLAG) !== 0,
        bot_name: str(bot![i]!),
        is_page_view: (flags & IS_PAGE_VIEW_FLAG) !== 0,
        country: s[country![i]!]!,
        hosting_network: (flags & HOSTING_NETWORK_FLAG) !== 0,
      };
    }
    return out;
  }

  /**
   * Row numbers in (time, id) order — the computation's order, worked out on numbers instead of
   * comparing id strings for every two hits of the same second — or null when the rows already are
   * (the usual case: one log, in time order). Ids compare as (source key, line) — the order of the
   * id strings while every source key has the same length and line numbers fit the ten hex digits —
   * else as strings.
   */
  private timeOrder(): number[] | null {
    const ts = this.ts;
    const line = this.line;
    const src = this.idSource;
    const byKey = this.sources.map((key, code) => ({ key, code })).sort((a, b) => (a.key < b.key ? -1 : 1));
    const rank = new Int32Array(this.sources.length);
    byKey.forEach(({ code }, r) => {
      rank[code] = r;
    });
    const keyLength = this.sources[0]?.length ?? 0;
    const numeric = !this.wideLines && this.sources.every((key) => key.length === keyLength);
    const id = (r: number) => lineEventId(this.sources[src[r]!]!, line[r]!);
    const before = numeric
      ? (a: number, b: number) => ts[a]! - ts[b]! || rank[src[a]!]! - rank[src[b]!]! || line[a]! - line[b]!
      : (a: number, b: number) => ts[a]! - ts[b]! || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
    let inOrder = true;
    for (let i = 1; i < this.length && inOrder; i++) inOrder = before(i - 1, i) <= 0;
    if (inOrder) return null;
    return Array.from({ length: this.length }, (_, i) => i).sort(before);
  }

  /** Appends a row with its numbers and id; the caller fills the string codes. */
  private row(e: DayEvent, sourceKey: string, lineNo: number): number {
    const r = this.length++;
    if (r === this.capacity) this.grow();
    this.ts[r] = e.ts;
    this.status[r] = e.status;
    this.bytes[r] = e.bytes;
    this.flags[r] =
      (e.is_bot ? IS_BOT_FLAG : 0) |
      (e.is_page_view ? IS_PAGE_VIEW_FLAG : 0) |
      (e.hosting_network ? HOSTING_NETWORK_FLAG : 0);
    this.line[r] = lineNo;
    if (lineNo >= MAX_HEX_LINE) this.wideLines = true;
    this.idSource[r] = this.sourceCode(sourceKey);
    return r;
  }

  private sourceCode(sourceKey: string): number {
    if (sourceKey !== this.lastSource) {
      let code = this.sources.indexOf(sourceKey);
      if (code < 0) code = this.sources.push(sourceKey) - 1;
      this.lastSource = sourceKey;
      this.lastSourceCode = code;
    }
    return this.lastSourceCode;
  }

  private code(column: number, value: string | null): number {
    if (value === null) return NULL_CODE;
    if (value === this.lastValue[column]) return this.lastCode[column]!;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.strings.length;
      // Kept for the whole day: a string sliced from a decoded chunk would keep the chunk alive.
      const own = detach(value);
      this.strings.push(own);
      this.index.set(own, code);
    }
    this.lastValue[column] = value;
    this.lastCode[column] = code;
    return code;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    this.ts = grown(this.ts, capacity);
    this.status = grown(this.status, capacity);
    this.bytes = grown(this.bytes, capacity);
    this.flags = grown(this.flags, capacity);
    this.line = grown(this.line, capacity);
    this.idSource = grown(this.idSource, capacity);
    this.codes = this.codes.map((c) => grown(c, capacity));
    this.capacity = capacity;
  }
}

/** The table of events already de-duplicated and in time then id order (events read back from files). */
export function tableOfEvents(events: readonly DayEvent[]): DayTable {
  const columns = new DayColumns();
  // One source and the position as line number: ties in time keep the given order.
  for (let k = 0; k < events.length; k++) columns.add(events[k]!, '', k);
  return columns.table();
}
