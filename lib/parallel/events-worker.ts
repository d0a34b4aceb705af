/**
 * The worker side of EventsThread: writes each source's events files and runs the run's aggregation,
 * replaying the pipeline's chunk marks so every flush and aggregation step happens where a
 * single-threaded run would make it. Requests are handled strictly in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RunAggregator } from '../aggregate/run-aggregator.ts';
import { SqlDays } from '../aggregate/sql-days.ts';
import { type EventBatch, unpackBatch } from '../events/event-batch.ts';
import { LocalEventOutput } from '../events/event-output.ts';
import type { FileOffload } from '../events/events-writer.ts';
import { FsStore } from '../store/fs-store.ts';
import { isDictionaryColumn } from '../tables/dictionary-column.ts';
import { collectGarbage } from './collect-garbage.ts';
import type {
  EventsReply,
  EventsRequest,
  EventsThreadSetup,
  WriteFileReply,
  WriteFileRequest,
} from './events-thread.ts';

const setup = workerData as EventsThreadSetup;
const store = new FsStore(setup.out);
const aggregator = new RunAggregator(
  store,
  setup.aggregate,
  setup.computedAt,
  setup.force,
  { sql: new SqlDays(store), sqlOnly: setup.sqlOnly },
  collectGarbage,
  setup.dayEventsInMemory,
);
const outputs = new Map<number, LocalEventOutput>();

/** Requests received and not yet handled: how far this thread is behind the reader. */
let waiting = 0;
/**
 * Finished files of at most this many rows may go to the reading thread: a small file's cost is
 * mostly per file (encoding set-up, footer, directory, open, rename), a large one's is its rows.
 */
const OFFLOAD_MAX_ROWS = 2_000;
/** Requests waiting before files go to the reading thread: below it, that thread is the one behind. */
const OFFLOAD_WHEN_WAITING = 4;
/** Files handed over and not yet written, at most. */
const MAX_OFFLOADED = 32;
const offloaded = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
let nextWrite = 1;

const offload: FileOffload = {
  accepts: (rows) =>
    rows <= OFFLOAD_MAX_ROWS &&
    offloaded.size < MAX_OFFLOADED &&
    (setup.offloadFiles === 'always' || waiting >= OFFLOAD_WHEN_WAITING),
  write: (key, sourceKey, columns) =>
    new Promise<void>((resolve, reject) => {
      const write = nextWrite++;
      offloaded.set(write, { resolve, reject });
      const request: WriteFileRequest = { write, key, sourceKey, columns };
      // The coded columns' indexes are this file's own arrays: moved, not copied.
      const transfer = columns.flatMap((c) =>
        isDictionaryColumn(c) ? [c.indexes.buffer as ArrayBuffer] : [],
      );
      parentPort!.postMessage(request, transfer);
    }),
};

function written(reply: WriteFileReply): void {
  const waiter = offloaded.get(reply.written);
  if (!waiter) return;
  offloaded.delete(reply.written);
  if (reply.error) waiter.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
  else waiter.resolve();
}

async function writeBatch(source: number, key: string, batch: EventBatch): Promise<void> {
  let output = outputs.get(source);
  if (!output) {
    output = new LocalEventOutput(store, key, aggregator, offload);
    outputs.set(source, output);
  }
  const columns = unpackBatch(batch);
  let row = 0;
  for (const mark of batch.marks) {
    output.addRange(columns, row, mark.end);
    row = mark.end;
    await output.endChunk(mark.newestTs);
  }
  output.addRange(columns, row, batch.rows);
}

async function handle(request: EventsRequest): Promise<unknown> {
  switch (request.type) {
    case 'batch':
      return writeBatch(request.source, request.key, request.batch);
    case 'close': {
      const output = outputs.get(request.source);
      outputs.delete(request.source);
      return output ? output.close() : [];
    }
    case 'abort': {
      const output = outputs.get(request.source);
      outputs.delete(request.source);
      return output?.abort();
    }
    case 'recompute':
      return aggregator.recompute(request.days);
    case 'finish':
      return aggregator.finish();
  }
}

let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (message: { id: number; request: EventsRequest } | WriteFileReply) => {
  if ('written' in message) return written(message);
  const { id, request } = message;
  waiting++;
  queue = queue.then(async () => {
    waiting--;
    let reply: EventsReply;
    try {
      reply = { id, ok: true, value: await handle(request) };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      reply = { id, ok: false, error: { message: e.message, ...(e.code ? { code: e.code } : {}) } };
    }
    parentPort!.postMessage(reply);
  });
});
