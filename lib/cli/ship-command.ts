/**
 * `logveil ship --stream NAME FILE…`: sends raw log lines, unchanged, to the raw Firehose stream (its
 * SOURCES entry names format and site). Warns when a file spans more than 48 hours — Firehose allows
 * 500 active partitions, so backlogs belong in the raw bucket — and fails naming how many lines were
 * not delivered. Before reading any input it checks that a region (exit 2) and credentials (exit 1)
 * can be resolved, so a missing one is named at once instead of after every retry.
 */
import { detectFormat, type LineParser, parsersFor, SNIFF_LINES } from '../formats/index.ts';
import { zoneResolver } from '../formats/time-zone.ts';
import { decodedChunks, InputError } from '../input/decoded-chunks.ts';
import { LineSplitter } from '../input/line-splitter.ts';
import { listInputs } from '../input/sources.ts';
import { BatchPacker, type PackedRecord, RecordPacker } from '../ship/record-packer.ts';
import type { CommandIo } from './run-command.ts';
import { UsageError } from './usage-error.ts';

export interface ShipFlags {
  stream: string;
  region?: string;
  json?: boolean;
}

const SPAN_WARNING_MS = 48 * 3_600_000;

/** Tracks the time span of a file from its lines (for the partition warning only). */
class SpanTracker {
  private sample: string[] = [];
  private parser: LineParser | null = null;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  see(line: string): void {
    if (this.parser === null) {
      if (this.sample.length < SNIFF_LINES) {
        this.sample.push(line);
        if (this.sample.length < SNIFF_LINES) return;
      }
      this.parser = detectFormat(parsersFor('auto', { zone: zoneResolver('UTC') }), this.sample).parser;
      const sample = this.sample;
      this.sample = [];
      if (this.parser) for (const l of sample) this.time(l);
      return;
    }
    this.time(line);
  }

  finish(): void {
    if (this.parser === null && this.sample.length > 0) {
      this.parser = detectFormat(parsersFor('auto', { zone: zoneResolver('UTC') }), this.sample).parser;
      if (this.parser) for (const l of this.sample) this.time(l);
    }
  }

  private time(line: string): void {
    const r = this.parser!.parse(line);
    if (!r.ok) return;
    if (r.hit.ts < this.min) this.min = r.hit.ts;
    if (r.hit.ts > this.max) this.max = r.hit.ts;
  }
}

export async function shipCommand(inputs: string[], flags: ShipFlags, io: CommandIo): Promise<number> {
  if (!flags.stream) throw new UsageError('--stream NAME is required');
  if (inputs.length === 0) throw new UsageError('name at least one file, directory or - for stdin');
  // Loaded here, not with the CLI: the AWS SDK costs every other command ~20 MiB and start-up time.
  const [{ firehoseClient }, { FirehoseShipper }, { chosenRegion, checkAwsAccess, CREDENTIALS_TIMEOUT_MS }] =
    await Promise.all([
      import('../aws/clients.ts'),
      import('../aws/firehose-shipper.ts'),
      import('../aws/aws-access.ts'),
    ]);
  const client = firehoseClient(chosenRegion(flags.region));
  const problem = await checkAwsAccess(client.config);
  if (problem?.missing === 'region') {
    throw new UsageError(
      'no AWS region: pass --region, or set AWS_REGION (or AWS_DEFAULT_REGION), or a region in the AWS profile',
    );
  }
  if (problem?.missing === 'credentials') {
    io.stderr(
      problem.timedOut
        ? `logveil: ship failed: AWS credentials could not be resolved within ${CREDENTIALS_TIMEOUT_MS / 1000} s; nothing was sent\n`
        : 'logveil: ship failed: no AWS credentials found (environment, AWS profile, SSO, or an instance or container role); nothing was sent\n',
    );
    // Not a usage error: the call was right, and credentials come and go (an SSO session expires,
    // instance metadata is slow). Same status as lines not delivered: nothing was.
    return 1;
  }
  const shipper = new FirehoseShipper(client, flags.stream);
  const { sources, missing } = await listInputs(inputs);
  let failedFiles = missing.length;
  for (const m of missing) io.stderr(`logveil: ${m.path}: cannot be read\n`);
  let skipped = 0;
  let lines = 0;
  const batches = new BatchPacker();
  const undelivered: PackedRecord[] = [];
  const sendBatch = async (batch: PackedRecord[] | null) => {
    if (batch) undelivered.push(...(await shipper.send(batch)));
  };
  for (const source of sources) {
    const records = new RecordPacker();
    const span = new SpanTracker();
    const pending: string[] = [];
    const splitter = new LineSplitter({
      line: (text) => {
        if (text.length > 0) pending.push(text);
      },
      tooLong: () => {
        skipped++;
      },
    });
    const drain = async () => {
      for (const line of pending.splice(0)) {
        span.see(line);
        lines++;
        const record = records.add(line);
        if (record) await sendBatch(batches.add(record));
      }
    };
    try {
      for await (const chunk of decodedChunks(source.open())) {
        splitter.push(chunk);
        await drain();
      }
      splitter.end();
      await drain();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      failedFiles++;
      io.stderr(`logveil: ${source.path}: ${err.code}; the lines before the problem were sent\n`);
    }
    const last = records.flush();
    if (last) await sendBatch(batches.add(last));
    span.finish();
    if (span.max - span.min > SPAN_WARNING_MS) {
      io.stderr(
        `logveil: ${source.path}: warning: spans ${Math.round((span.max - span.min) / 3_600_000)} hours; the stream keeps at most 500 active partitions (hours) — send backlogs through the raw bucket instead\n`,
      );
    }
  }
  await sendBatch(batches.flush());
  const stats = shipper.stats;
  const summary = {
    lines,
    delivered: stats.linesDelivered,
    undelivered: stats.linesFailed,
    skipped_too_long: skipped,
    records: stats.records,
    calls: stats.calls,
    retries: stats.retries,
  };
  if (flags.json) io.stdout(`${JSON.stringify(summary)}\n`);
  else
    io.stdout(
      `sent ${stats.linesDelivered} of ${lines} lines in ${stats.records} records (${stats.calls} calls, ${stats.retries} retries)\n`,
    );
  if (skipped > 0)
    io.stderr(`logveil: ${skipped} lines over 64 KiB were not sent (logveil would drop them as too_long)\n`);
  if (stats.linesFailed > 0) {
    io.stderr(
      `logveil: ship failed: ${stats.linesFailed} lines were not delivered to ${flags.stream} after retries\n`,
    );
    return 1;
  }
  return failedFiles > 0 ? 1 : 0;
}
