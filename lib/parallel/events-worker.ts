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
import { FsStore } from '../store/fs-store.ts';
import { collectGarbage } from './collect-garbage.ts';
import type { EventsReply, EventsRequest, EventsThreadSetup } from './events-thread.ts';

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

async function writeBatch(source: number, key: string, batch: EventBatch): Promise<void> {
  let output = outputs.get(source);
  if (!output) {
    output = new LocalEventOutput(store, key, aggregator);
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
parentPort!.on('message', ({ id, request }: { id: number; request: EventsRequest }) => {
  queue = queue.then(async () => {
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
