/**
 * Splits a stream of decoded byte chunks into text lines without ever holding more than one line
 * (at most MAX_LINE_BYTES) plus one chunk: CRLF and LF endings, a missing final newline, invalid
 * UTF-8 replaced by U+FFFD, and over-long lines reported (and skipped) instead of buffered.
 */

export const MAX_LINE_BYTES = 64 * 1024;

export interface LineSink {
  line(text: string, lineNo: number): void;
  tooLong(lineNo: number): void;
}

// A UTF-16 string of n code units holds at least n UTF-8 bytes and at most 3n, so only strings
// longer than a third of the limit need their byte length measured.
const MEASURE_FROM = Math.floor(MAX_LINE_BYTES / 3);

export class LineSplitter {
  private carry: Buffer | null = null;
  private skipping = false;
  private lineNo = 0;

  constructor(private readonly sink: LineSink) {}

  get linesSeen(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.skipping) {
      const nl = chunk.indexOf(10);
      if (nl < 0) return;
      this.skipping = false;
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last < start) {
      this.keep(chunk.subarray(start));
      return;
    }
    let text: string;
    if (this.carry) {
      text = Buffer.concat([this.carry, chunk.subarray(start, last)]).toString('utf8');
      this.carry = null;
    } else {
      text = chunk.toString('utf8', start, last);
    }
    this.emitLines(text);
    if (last + 1 < chunk.length) this.keep(chunk.subarray(last + 1));
  }

  end(): void {
    if (this.carry && this.carry.length > 0) {
      const text = this.carry.toString('utf8');
      this.carry = null;
      this.emitOne(text);
    }
    this.carry = null;
    this.skipping = false;
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    // Copy: a subarray would pin the whole (64 KiB) chunk for as long as the carry lives.
    const merged = this.carry ? Buffer.concat([this.carry, part]) : Buffer.from(part);
    if (merged.length > MAX_LINE_BYTES) {
      this.carry = null;
      this.skipping = true;
      this.lineNo++;
      this.sink.tooLong(this.lineNo);
      return;
    }
    this.carry = merged;
  }

  private emitLines(text: string): void {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) {
        this.emitOne(from === 0 ? text : text.slice(from));
        return;
      }
      this.emitOne(text.slice(from, nl));
      from = nl + 1;
    }
  }

  private emitOne(raw: string): void {
    this.lineNo++;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (text.length > MEASURE_FROM && Buffer.byteLength(text, 'utf8') > MAX_LINE_BYTES) {
      this.sink.tooLong(this.lineNo);
      return;
    }
    this.sink.line(text, this.lineNo);
  }
}
