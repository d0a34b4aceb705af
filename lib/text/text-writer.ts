/**
 * Writes scrubbed free-text lines of one source as
 * `text/site=<site>/dt=<day>/<hash of source id>.txt.gz` (docs/operations.md), gzip-compressed while streaming.
 */
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import type { ObjectSink, Store } from '../store/store.ts';

export function textKey(site: string, day: string, sourceKey: string): string {
  return `text/site=${site}/dt=${day}/${sourceKey}.txt.gz`;
}

export class TextWriter {
  private gzip: Gzip | null = null;
  private sink: ObjectSink | null = null;
  private pending: Promise<void> = Promise.resolve();
  private buffer = '';
  lines = 0;

  constructor(
    private readonly store: Store,
    readonly key: string,
  ) {}

  private async open(): Promise<Gzip> {
    if (this.gzip) return this.gzip;
    const sink = await this.store.createObject(this.key);
    const gzip = createGzip();
    gzip.on('data', (chunk: Buffer) => {
      this.pending = this.pending.then(() => sink.write(chunk));
    });
    this.sink = sink;
    this.gzip = gzip;
    return gzip;
  }

  async write(line: string): Promise<void> {
    this.buffer += `${line}\n`;
    this.lines++;
    if (this.buffer.length >= 65536) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer) return;
    const gzip = await this.open();
    const text = this.buffer;
    this.buffer = '';
    if (!gzip.write(text)) await once(gzip, 'drain');
    await this.pending;
  }

  /** Publishes the file (nothing is written for a source without lines). */
  async close(): Promise<number> {
    await this.flush();
    if (this.gzip && this.sink) {
      this.gzip.end();
      await once(this.gzip, 'end');
      await this.pending;
      await this.sink.commit();
    }
    return this.lines;
  }

  async abort(): Promise<void> {
    this.gzip?.destroy();
    await this.sink?.abort();
  }
}
