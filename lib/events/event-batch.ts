/**
 * Event rows packed column by column for another thread. Cloning a million strings through
 * postMessage costs seconds on the receiving side, so numbers travel in typed arrays and repeated
 * strings as one dictionary per batch plus codes: a message moves a few buffers, not row objects.
 * Chunk marks record where the pipeline ended each chunk, so the receiver can replay the exact
 * flush points of a single-threaded run (same row groups, same aggregation moments).
 */

import type { ColumnDef } from '../tables/column.ts';
import type { ColumnSource } from '../tables/column-buffer.ts';
import { grown } from '../tables/grown.ts';
import type { EventColumns } from './event-columns.ts';
import { EVENTS_TABLE, type EventRow } from './schema.ts';

type Packed =
  /** Strings that (nearly) never repeat: a dictionary would not shrink them. */
  | { readonly kind: 'strings'; readonly values: Array<string | null> }
  /** Event ids as line numbers: the receiver spells them out with the source key. */
  | { readonly kind: 'lines'; readonly lines: Float64Array }
  /** Repeated strings: codes into `dict`, -1 for null. */
  | { readonly kind: 'dict'; readonly dict: string[]; readonly codes: Int32Array }
  | { readonly kind: 'number'; readonly values: Float64Array; readonly nulls: Uint8Array | null }
  | { readonly kind: 'boolean'; readonly values: Uint8Array; readonly nulls: Uint8Array | null };

export interface EventBatch {
  readonly rows: number;
  readonly columns: readonly Packed[];
  /** Row count and newest hit time at the end of each pipeline chunk in this batch. */
  readonly marks: ReadonlyArray<{ readonly end: number; readonly newestTs: number }>;
}

const INITIAL_ROWS = 4096;

interface ColumnPacker {
  add(value: unknown, row: number): void;
  grow(capacity: number): void;
  take(rows: number): { packed: Packed; transfer: ArrayBuffer[] };
}

class StringsPacker implements ColumnPacker {
  private values: Array<string | null> = [];
  add(value: unknown): void {
    this.values.push(value as string | null);
  }
  grow(): void {}
  take(): { packed: Packed; transfer: ArrayBuffer[] } {
    const values = this.values;
    this.values = [];
    return { packed: { kind: 'strings', values }, transfer: [] };
  }
}

class LinePacker implements ColumnPacker {
  private lines = new Float64Array(INITIAL_ROWS);
  add(lineNo: unknown, row: number): void {
    this.lines[row] = lineNo as number;
  }
  grow(capacity: number): void {
    this.lines = grown(this.lines, capacity);
  }
  take(rows: number): { packed: Packed; transfer: ArrayBuffer[] } {
    const lines = this.lines.slice(0, rows);
    return { packed: { kind: 'lines', lines }, transfer: [lines.buffer] };
  }
}

/** A batch whose values are more than half distinct makes the next ones go as plain strings. */
const DISTINCT_SHARE = 0.5;
/** Plain batches before one is coded again to see whether the values repeat now. */
const PLAIN_BATCHES = 7;

/**
 * Repeated strings as a dictionary and codes; a column whose values hardly repeat (a long tail of
 * paths, a visitor per line) goes as plain strings instead: its dictionary would hold nearly every
 * value anyway, and building it cost the reading thread a Map insertion per row (≈ 2 s per million
 * lines of such a log) — work the events thread does once per row either way when it interns the
 * day's strings.
 */
class DictPacker implements ColumnPacker {
  private index = new Map<string, number>();
  private dict: string[] = [];
  private codes = new Int32Array(INITIAL_ROWS);
  /** Neighbouring rows often repeat a value (site, method, channel): skip the Map for those. */
  private last: string | null = null;
  private lastCode = -1;
  /** This batch's values as they are, while the column goes plain; else null. */
  private plain: Array<string | null> | null = null;
  private plainLeft = 0;
  add(value: unknown, row: number): void {
    if (this.plain !== null) {
      this.plain.push(value as string | null);
      return;
    }
    if (value === null) {
      this.codes[row] = -1;
      return;
    }
    if (value === this.last) {
      this.codes[row] = this.lastCode;
      return;
    }
    let code = this.index.get(value as string);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(value as string);
      this.index.set(value as string, code);
    }
    this.codes[row] = code;
    this.last = value as string;
    this.lastCode = code;
  }
  grow(capacity: number): void {
    this.codes = grown(this.codes, capacity);
  }
  take(rows: number): { packed: Packed; transfer: ArrayBuffer[] } {
    if (this.plain !== null) {
      const values = this.plain;
      this.plain = --this.plainLeft > 0 ? [] : null;
      return { packed: { kind: 'strings', values }, transfer: [] };
    }
    const codes = this.codes.slice(0, rows);
    const packed: Packed = { kind: 'dict', dict: this.dict, codes };
    if (rows > 0 && this.dict.length > rows * DISTINCT_SHARE) {
      this.plain = [];
      this.plainLeft = PLAIN_BATCHES;
    }
    this.index = new Map();
    this.dict = [];
    this.last = null;
    return { packed, transfer: [codes.buffer] };
  }
}

/** Numbers or booleans in a typed array, with a null mask for nullable columns. */
class TypedPacker<A extends Float64Array | Uint8Array> implements ColumnPacker {
  private values: A;
  private nulls: Uint8Array | null;
  constructor(
    private readonly kind: 'number' | 'boolean',
    values: A,
    nullable: boolean,
  ) {
    this.values = values;
    this.nulls = nullable ? new Uint8Array(INITIAL_ROWS) : null;
  }
  add(value: unknown, row: number): void {
    if (value === null) this.nulls![row] = 1;
    else this.values[row] = this.kind === 'boolean' ? (value ? 1 : 0) : (value as number);
  }
  grow(capacity: number): void {
    this.values = grown(this.values, capacity);
    if (this.nulls) this.nulls = grown(this.nulls, capacity);
  }
  take(rows: number): { packed: Packed; transfer: ArrayBuffer[] } {
    const values = this.values.slice(0, rows);
    const nulls = this.nulls ? this.nulls.slice(0, rows) : null;
    this.nulls?.fill(0);
    const packed = (
      this.kind === 'boolean'
        ? { kind: 'boolean', values: values as Uint8Array, nulls }
        : { kind: 'number', values: values as Float64Array, nulls }
    ) as Packed;
    return { packed, transfer: nulls ? [values.buffer, nulls.buffer] : [values.buffer] };
  }
}

const EVENT_ID = 'event_id';

function packerFor(def: ColumnDef): ColumnPacker {
  if (def.name === EVENT_ID) return new LinePacker();
  switch (def.type) {
    case 'string':
      return def.unique ? new StringsPacker() : new DictPacker();
    case 'boolean':
      return new TypedPacker('boolean', new Uint8Array(INITIAL_ROWS), def.nullable);
    default:
      return new TypedPacker('number', new Float64Array(INITIAL_ROWS), def.nullable);
  }
}

/**
 * `packers[c].add(event.<name of column c>, row)` for every column, written out once: reading the
 * fields by a varying name (`event[name]`) in one loop is several times slower, and this product
 * packs every event it builds. The names are the schema's, never input.
 */
const packRow = new Function(
  'packers',
  'event',
  'lineNo',
  'row',
  EVENTS_TABLE.columns
    .map((c, i) => `packers[${i}].add(${c.name === EVENT_ID ? 'lineNo' : `event.${c.name}`}, row);`)
    .join('\n'),
) as (packers: ColumnPacker[], event: EventRow, lineNo: number, row: number) => void;

/** Collects event rows into batches; `take` hands one over with the buffers to transfer. */
export class EventBatchPacker {
  private readonly packers = EVENTS_TABLE.columns.map(packerFor);
  private capacity = INITIAL_ROWS;
  private marks: Array<{ end: number; newestTs: number }> = [];
  length = 0;

  /** `event.event_id` is not read: the receiver makes it from the source key and `lineNo`. */
  add(event: EventRow, lineNo: number): void {
    const row = this.length;
    if (row === this.capacity) {
      this.capacity *= 2;
      for (const p of this.packers) p.grow(this.capacity);
    }
    packRow(this.packers, event, lineNo, row);
    this.length++;
  }

  /** The pipeline finished a chunk here: the receiver checks for a flush at this point. */
  mark(newestTs: number): void {
    this.marks.push({ end: this.length, newestTs });
  }

  take(): { batch: EventBatch; transfer: ArrayBuffer[] } {
    const rows = this.length;
    const transfer: ArrayBuffer[] = [];
    const columns = this.packers.map((p) => {
      const taken = p.take(rows);
      transfer.push(...taken.transfer);
      return taken.packed;
    });
    const batch: EventBatch = { rows, columns, marks: this.marks };
    this.marks = [];
    this.length = 0;
    return { batch, transfer };
  }
}

/**
 * The batch's rows for the events writer and the aggregation, without spelling them out into arrays
 * first: each column appends its own values to a buffer (nulls restored; the id column appends line
 * numbers, which the events writer spells out), numbers and booleans are also readable as typed
 * arrays, and dictionary columns as dictionary plus codes.
 */
export function unpackBatch(batch: EventBatch): EventColumns {
  let lineNos: Float64Array | null = null;
  for (const c of batch.columns) if (c.kind === 'lines') lineNos = c.lines;
  if (lineNos === null) throw new Error('event batch without line numbers');
  return {
    sources: batch.columns.map(sourceOf),
    typed: batch.columns.map((c) => (c.kind === 'number' || c.kind === 'boolean' ? c.values : null)),
    packed: batch.columns.map((c) => (c.kind === 'dict' ? { dict: c.dict, codes: c.codes } : null)),
    plain: batch.columns.map((c) => (c.kind === 'strings' ? c.values : null)),
    lineNos,
  };
}

/** One loop per kind of column, so each stays monomorphic. */
function sourceOf(column: Packed): ColumnSource {
  switch (column.kind) {
    case 'strings': {
      const { values } = column;
      return { appendTo: (target, from, to) => pushEach(target, values, from, to) };
    }
    case 'lines': {
      // Line numbers, not ids: the events writer spells the ids out when it writes a row group.
      const { lines } = column;
      return { appendTo: (target, from, to) => pushEach(target, lines, from, to) };
    }
    case 'dict': {
      const { dict, codes } = column;
      return {
        coded: { dict, codes },
        appendTo(target, from, to) {
          for (let r = from; r < to; r++) {
            const code = codes[r]!;
            target.push(code < 0 ? null : dict[code]);
          }
        },
      };
    }
    case 'number': {
      const { values, nulls } = column;
      if (nulls === null) return { appendTo: (target, from, to) => pushEach(target, values, from, to) };
      return {
        appendTo(target, from, to) {
          for (let r = from; r < to; r++) target.push(nulls[r] ? null : values[r]);
        },
      };
    }
    case 'boolean': {
      const { values, nulls } = column;
      return {
        appendTo(target, from, to) {
          for (let r = from; r < to; r++) target.push(nulls?.[r] ? null : values[r] === 1);
        },
      };
    }
  }
}

function pushEach(target: unknown[], values: ArrayLike<unknown>, from: number, to: number): void {
  for (let r = from; r < to; r++) target.push(values[r]);
}
