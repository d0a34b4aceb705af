/**
 * Turns a raw byte stream (file, stdin, S3 body) into decompressed chunks: gzip is recognised by its
 * magic bytes, never by name; a stream that looks binary is refused before any line is read.
 */
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type InputErrorCode = 'unreadable' | 'bad_gzip' | 'binary';

/** A whole input that cannot be processed; the message never contains file content. */
export class InputError extends Error {
  constructor(
    readonly code: InputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const SNIFF_BYTES = 8192;
// Log text has tabs, newlines and the odd escape sequence; binary data is full of other control bytes.
const BINARY_SHARE = 0.1;

export async function* decodedChunks(raw: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<Buffer> {
  const source = guardReads(raw);
  const first = await source.next();
  if (first.done) return;
  const head = toBuffer(first.value);
  const gzip = head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
  const chunks = gzip ? gunzipped(head, source) : plain(head, source);
  let sniffed = false;
  for await (const chunk of chunks) {
    if (!sniffed) {
      sniffed = true;
      if (looksBinary(chunk.subarray(0, SNIFF_BYTES))) {
        throw new InputError('binary', 'input looks binary, not a text log');
      }
    }
    yield chunk;
  }
}

async function* guardReads(raw: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<Buffer | Uint8Array> {
  try {
    for await (const chunk of raw) yield chunk;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('unreadable', `cannot read input (${errorCode(err)})`);
  }
}

async function* plain(head: Buffer, rest: AsyncGenerator<Buffer | Uint8Array>): AsyncGenerator<Buffer> {
  yield head;
  for await (const chunk of rest) yield toBuffer(chunk);
}

async function* gunzipped(head: Buffer, rest: AsyncGenerator<Buffer | Uint8Array>): AsyncGenerator<Buffer> {
  // 64 KiB output chunks inflate about twice as fast as zlib's 16 KiB default.
  const gunzip = createGunzip({ chunkSize: 65536 });
  const body = Readable.from(plain(head, rest));
  // pipeline() forwards a read failure of the body into the inflater, so the loop below sees it.
  pipeline(body, gunzip, () => {});
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('bad_gzip', `gzip data is corrupt or truncated (${errorCode(err)})`);
  } finally {
    body.destroy();
    gunzip.destroy();
  }
}

export function looksBinary(sample: Buffer): boolean {
  if (sample.length === 0) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  return control / sample.length > BINARY_SHARE;
}

function toBuffer(chunk: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return 'error';
}
