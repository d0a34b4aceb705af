/** Streams a synthetic log to a file or stdout, optionally gzip-compressed, with backpressure. */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { Random } from './random.ts';
import { renderCombined, renderJson } from './render.ts';
import { TrafficModel } from './traffic-model.ts';

export type GeneratedFormat = 'combined' | 'json';

export interface GenerateOptions {
  readonly lines: number;
  readonly seed: string;
  readonly format: GeneratedFormat;
  /** UTC midnight of the first day. */
  readonly startMs: number;
  readonly days: number;
  readonly gzip: boolean;
  /** File to write, or null for stdout. */
  readonly output: string | null;
  readonly host: string;
}

export const DEFAULT_HOST = 'www.example.com';

export function generatedLines(options: GenerateOptions): Generator<string> {
  const model = new TrafficModel(new Random(options.seed), {
    startMs: options.startMs,
    days: options.days,
    lines: options.lines,
    host: options.host,
  });
  const render = options.format === 'json' ? renderJson : renderCombined;
  return (function* () {
    for (const hit of model.hits()) yield render(hit);
  })();
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function generateLog(options: GenerateOptions): Promise<void> {
  let file: Writable | null = null;
  if (options.output !== null) {
    await mkdir(dirname(options.output), { recursive: true });
    file = createWriteStream(options.output);
  }
  const target: Writable = file ?? process.stdout;
  const gzip = options.gzip ? createGzip() : null;
  // stdout must stay open after the log; a file is closed when the log ends.
  if (gzip) gzip.pipe(target, { end: file !== null });
  const sink: Writable = gzip ?? target;
  let buffer = '';
  for (const line of generatedLines(options)) {
    buffer += `${line}\n`;
    if (buffer.length >= 65536) {
      await write(sink, buffer);
      buffer = '';
    }
  }
  if (buffer) await write(sink, buffer);
  if (gzip) {
    gzip.end();
    await once(gzip, 'end');
  } else if (file) {
    file.end();
  }
  if (file) await once(file, 'close');
}
