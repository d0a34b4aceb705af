import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodedChunks, InputError, looksBinary } from '../../lib/input/decoded-chunks.ts';

async function decode(bytes: Buffer, chunkSize = 1000): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) parts.push(bytes.subarray(i, i + chunkSize));
  const out: Buffer[] = [];
  for await (const c of decodedChunks(Readable.from(parts))) out.push(c);
  return Buffer.concat(out);
}

async function failure(bytes: Buffer): Promise<string> {
  try {
    await decode(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).code;
  }
  return 'none';
}

const TEXT = Buffer.from('1.2.3.4 - - [10/Feb/2012:16:42:07 -0500] "GET / HTTP/1.0" 301 368\n'.repeat(500));

describe('decodedChunks', () => {
  it('passes plain text through', async () => {
    expect((await decode(TEXT)).equals(TEXT)).toBe(true);
  });

  it('recognises gzip by its magic bytes and inflates it', async () => {
    expect((await decode(gzipSync(TEXT))).equals(TEXT)).toBe(true);
  });

  it('reads concatenated gzip members (rotated logs joined with cat)', async () => {
    const joined = Buffer.concat([gzipSync(TEXT), gzipSync(TEXT)]);
    expect((await decode(joined)).length).toBe(TEXT.length * 2);
  });

  it('reports a truncated gzip as bad_gzip', async () => {
    const gz = gzipSync(TEXT);
    expect(await failure(gz.subarray(0, Math.floor(gz.length / 2)))).toBe('bad_gzip');
  });

  it('reports corrupt gzip data as bad_gzip', async () => {
    const gz = Buffer.from(gzipSync(TEXT));
    gz.fill(0x41, 20, 60);
    expect(await failure(gz)).toBe('bad_gzip');
  });

  it('refuses binary data', async () => {
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    expect(await failure(binary)).toBe('binary');
    expect(await failure(gzipSync(binary))).toBe('binary');
  });

  it('does not call a log with the odd control byte binary', () => {
    const text = Buffer.from(`${'x'.repeat(500)}\u0000${'y'.repeat(500)}\n`);
    expect(looksBinary(text)).toBe(false);
  });

  it('yields nothing for an empty input', async () => {
    expect((await decode(Buffer.alloc(0))).length).toBe(0);
  });
});
