/**
 * Packs raw log lines, unchanged, into Firehose records (newline-delimited, so the stream's
 * deaggregation splits them again) and records into PutRecordBatch calls, within the limits AWS
 * documents for PutRecordBatch: at most 500 records per call, 1,000 KB per record (before base64),
 * 4 MB per call — and at most 500 lines per record, the most multi-record deaggregation splits.
 * Firehose bills each record rounded up to 5 KB, so full records cost least.
 */

export const MAX_LINES_PER_RECORD = 500;
export const MAX_RECORD_BYTES = 1_000_000;
export const MAX_RECORDS_PER_CALL = 500;
export const MAX_CALL_BYTES = 4_000_000;

export interface PackedRecord {
  readonly data: Buffer;
  readonly lines: number;
}

export class RecordPacker {
  private parts: Buffer[] = [];
  private bytes = 0;

  /** Adds a line; returns the record it completed, if adding it would overflow the current one. */
  add(line: string): PackedRecord | null {
    const data = Buffer.from(`${line}\n`, 'utf8');
    if (data.length > MAX_RECORD_BYTES) throw new RangeError('a line longer than a Firehose record');
    let done: PackedRecord | null = null;
    if (this.parts.length >= MAX_LINES_PER_RECORD || this.bytes + data.length > MAX_RECORD_BYTES)
      done = this.flush();
    this.parts.push(data);
    this.bytes += data.length;
    return done;
  }

  flush(): PackedRecord | null {
    if (this.parts.length === 0) return null;
    const record = { data: Buffer.concat(this.parts, this.bytes), lines: this.parts.length };
    this.parts = [];
    this.bytes = 0;
    return record;
  }
}

export class BatchPacker {
  private records: PackedRecord[] = [];
  private bytes = 0;

  /** Adds a record; returns the batch it completed, if adding it would overflow the current one. */
  add(record: PackedRecord): PackedRecord[] | null {
    let done: PackedRecord[] | null = null;
    if (this.records.length >= MAX_RECORDS_PER_CALL || this.bytes + record.data.length > MAX_CALL_BYTES)
      done = this.flush();
    this.records.push(record);
    this.bytes += record.data.length;
    return done;
  }

  flush(): PackedRecord[] | null {
    if (this.records.length === 0) return null;
    const batch = this.records;
    this.records = [];
    this.bytes = 0;
    return batch;
  }
}
