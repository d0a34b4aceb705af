/**
 * `logveil run` on two cores: this thread reads, parses and anonymizes; a worker thread writes the
 * events Parquet files and runs the aggregation. Events cross in packed batches (see event-batch.ts)
 * with the pipeline's chunk marks, and the worker replays exactly the calls a single-threaded run
 * makes, so aggregates and events files come out the same. At most a few batches are in flight:
 * when the worker falls behind, the reader waits instead of piling up memory — and writes, between
 * its own chunks, the small finished events files the worker hands back (FileOffload).
 */
import { Worker } from 'node:worker_threads';
import type { AggregateOptions } from '../aggregate/aggregate-options.ts';
import type { RecomputeResult } from '../aggregate/recompute-days.ts';
import { type EventBatch, EventBatchPacker } from '../events/event-batch.ts';
import type { EventOutput, EventOutputFactory } from '../events/event-output.ts';
import { type WrittenFile, writeEventsFile } from '../events/events-writer.ts';
import type { EventRow } from '../events/schema.ts';
import { FsStore } from '../store/fs-store.ts';
import type { ColumnValues } from '../tables/parquet-file-writer.ts';

export interface EventsThreadSetup {
  /** Output directory (a local FsStore). */
  readonly out: string;
  readonly aggregate: AggregateOptions;
  readonly computedAt: number;
  readonly force: boolean;
  /** Every day by the SQL (`--aggregate sql`). */
  readonly sqlOnly: boolean;
  /** RunAggregator's bound on a day's events in memory (tests lower it). */
  readonly dayEventsInMemory?: number;
  /**
   * When the worker hands small finished events files to this thread (FileOffload): `auto`, while
   * it is behind; `always` (tests), whenever a file is small enough.
   */
  readonly offloadFiles?: 'auto' | 'always';
}

/** The worker asks this thread to write a finished events file (see FileOffload). */
export interface WriteFileRequest {
  readonly write: number;
  readonly key: string;
  readonly sourceKey: string;
  readonly columns: ColumnValues[];
}

/** This thread's answer to a WriteFileRequest. */
export interface WriteFileReply {
  readonly written: number;
  readonly error?: { message: string; code?: string };
}

export type EventsRequest =
  | { readonly type: 'batch'; readonly source: number; readonly key: string; readonly batch: EventBatch }
  | { readonly type: 'close'; readonly source: number }
  | { readonly type: 'abort'; readonly source: number }
  | { readonly type: 'recompute'; readonly days: readonly string[] }
  | { readonly type: 'finish' };

export type EventsReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { message: string; code?: string } };

/**
 * Rows per batch: large enough that a dictionary pays off, small enough to keep both threads busy —
 * and small enough that a batch's arrays (64 KB of doubles, 32 KB of codes) stay below the C
 * allocator's mmap threshold. At 16,384 rows they were 128 KB, allocated on the reading thread and
 * freed on the worker; the allocator then kept fragments of them and resident memory crept up with
 * the input (4M lines: 309–322 MiB peak against 285–292 MiB with 8,192 rows, same speed).
 */
const BATCH_ROWS = 8_192;
/** Batches sent but not yet handled by the worker before the reader waits (about 1 MB each; fewer
 * made the reader wait while the worker computed a day). */
const MAX_IN_FLIGHT = 16;
/**
 * The worker's young generation: 8 MB semi-spaces instead of V8's 16 MB. Measured on 1M lines: the
 * same speed and about 16 MB less peak memory; 4 MB semi-spaces cost 15–30% more time.
 */
const WORKER_YOUNG_GENERATION_MB = 24;

export class EventsThread {
  private readonly worker: Worker;
  private nextId = 1;
  private nextSource = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure: Error | null = null;
  /** Where this thread writes the files the worker hands over. */
  private readonly store: FsStore;

  constructor(setup: EventsThreadSetup) {
    this.worker = new Worker(new URL('./events-worker.mjs', import.meta.url), {
      workerData: setup,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    this.store = new FsStore(setup.out);
    this.worker.on('message', (message: EventsReply | WriteFileRequest) => {
      if ('write' in message) void this.writeFile(message);
      else this.settle(message);
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => this.failAll(new Error(`events thread stopped (exit code ${code})`)));
  }

  /** One EventOutput per source, each feeding this worker. */
  outputs(): EventOutputFactory {
    return (sourceKey) => new ThreadEventOutput(this, this.nextSource++, sourceKey);
  }

  /** Days to compute again (see RunAggregator.recompute). */
  async recompute(days: readonly string[]): Promise<void> {
    await this.call({ type: 'recompute', days });
  }

  /** Computes every day still waiting (see RunAggregator.finish). */
  finish(): Promise<RecomputeResult> {
    return this.call({ type: 'finish' }) as Promise<RecomputeResult>;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('events thread closed');
    await this.worker.terminate();
  }

  call(request: EventsRequest, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request }, transfer);
    });
  }

  /** Writes a file for the worker (between this thread's own chunks) and tells it how that went. */
  private async writeFile(request: WriteFileRequest): Promise<void> {
    let reply: WriteFileReply;
    try {
      await writeEventsFile(this.store, request.key, request.sourceKey, request.columns);
      reply = { written: request.write };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      reply = { written: request.write, error: { message: e.message, ...(e.code ? { code: e.code } : {}) } };
    }
    if (this.failure === null) this.worker.postMessage(reply);
  }

  private settle(reply: EventsReply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
  }

  private failAll(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
  }
}

class ThreadEventOutput implements EventOutput {
  private readonly packer = new EventBatchPacker();
  private inFlight: Array<Promise<unknown>> = [];

  constructor(
    private readonly thread: EventsThread,
    private readonly source: number,
    private readonly key: string,
  ) {}

  add(event: EventRow, lineNo: number): void {
    this.packer.add(event, lineNo);
  }

  async endChunk(newestTs: number): Promise<void> {
    this.packer.mark(newestTs);
    if (this.packer.length >= BATCH_ROWS) await this.send();
  }

  async close(): Promise<WrittenFile[]> {
    if (this.packer.length > 0) await this.send();
    await Promise.all(this.inFlight.splice(0));
    return (await this.thread.call({ type: 'close', source: this.source })) as WrittenFile[];
  }

  /** Best effort: the error that made the source fail is the one to report, not this one. */
  async abort(): Promise<void> {
    await Promise.allSettled(this.inFlight.splice(0));
    await this.thread.call({ type: 'abort', source: this.source }).catch(() => {});
  }

  private async send(): Promise<void> {
    const { batch, transfer } = this.packer.take();
    const sent = this.thread.call({ type: 'batch', source: this.source, key: this.key, batch }, transfer);
    // A failure is raised where the batch is awaited (below or in close), never as an unhandled rejection.
    sent.catch(() => {});
    this.inFlight.push(sent);
    while (this.inFlight.length > MAX_IN_FLIGHT) await this.inFlight.shift();
  }
}
