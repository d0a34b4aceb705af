/**
 * The inputs of a run: files, directories (recursed, sorted) and `-` for stdin, each opened as a byte
 * stream only when its turn comes.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface InputSource {
  /** What the user named (or the path found under a named directory); shown in summaries. */
  readonly path: string;
  readonly isStdin: boolean;
  /** Size in bytes when known (files), for progress. */
  readonly size: number | null;
  /** A stable identity given by the caller (S3: `s3://bucket/key#etag`); otherwise derived from content. */
  readonly sourceId?: string;
  open(): AsyncIterable<Buffer>;
}

export interface MissingInput {
  readonly path: string;
  readonly reason: string;
}

export async function listInputs(
  args: readonly string[],
): Promise<{ sources: InputSource[]; missing: MissingInput[] }> {
  const sources: InputSource[] = [];
  const missing: MissingInput[] = [];
  for (const arg of args) {
    if (arg === '-') {
      sources.push(stdinSource());
      continue;
    }
    await collect(arg, sources, missing);
  }
  return { sources, missing };
}

async function collect(path: string, sources: InputSource[], missing: MissingInput[]): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (err) {
    missing.push({ path, reason: codeOf(err) });
    return;
  }
  if (info.isDirectory()) {
    let names: string[];
    try {
      names = (await readdir(path)).sort();
    } catch (err) {
      missing.push({ path, reason: codeOf(err) });
      return;
    }
    for (const name of names) await collect(join(path, name), sources, missing);
    return;
  }
  if (!info.isFile()) {
    missing.push({ path, reason: 'not a regular file' });
    return;
  }
  sources.push(fileSource(path, info.size));
}

export function fileSource(path: string, size: number | null = null): InputSource {
  return {
    path,
    isStdin: false,
    size,
    open: () => createReadStream(path, { highWaterMark: 65536 }),
  };
}

function stdinSource(): InputSource {
  return { path: '-', isStdin: true, size: null, open: () => process.stdin };
}

function codeOf(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return 'unreadable';
}
