/**
 * The filesystem store: keys are paths under a root directory. Objects are written to a temporary
 * file beside their key and renamed into place on commit, so readers never see half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ObjectSink, Store, StoredObject } from './store.ts';

const TEMP_MARK = '.tmp-';

/**
 * An object is kept in memory until it passes this size, then streamed to its temporary file: most
 * objects are small (an hour of a small site's events, a day's aggregate table) and cost one write
 * and one rename instead of an open, writes and a close — on a year of a small site that is most of
 * the run's file work.
 */
const BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * A buffered object is published with synchronous calls (make its directory, write, rename): a
 * small file costs a few syscalls, and handing each to libuv's thread pool cost more CPU than the
 * syscalls themselves — 4,000 small files in nested directories took 240 ms and 262 ms of CPU
 * synchronously, 379 ms and 548 ms with 16 writes in flight — CPU the reading and the events
 * threads need on a two-core machine. The calls block for well under a millisecond per file.
 */
function writeSmall(tmp: string, path: string, body: Uint8Array | string): void {
  writeFileSync(tmp, body);
  renameSync(tmp, path);
}

export class FsStore implements Store {
  /** Directories this store has made or found, so each costs one mkdir per run. */
  private readonly dirs = new Set<string>();

  /** Temporary names: this process and store, then a count (no random bytes per file). */
  private readonly tempTag = `${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}-`;
  private temps = 0;

  constructor(readonly root: string) {}

  private tempOf(path: string): string {
    return `${path}${this.tempTag}${++this.temps}`;
  }

  pathOf(key: string): string {
    if (key.split('/').some((part) => part === '..' || part === '')) throw new Error(`invalid key: ${key}`);
    return join(this.root, ...key.split('/'));
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.dirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.dirs.add(dir);
  }

  /** `write` in `dir`, synchronously (writeSmall); made again when it was removed since (tidy). */
  private inDirSync(dir: string, write: () => void): void {
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    try {
      write();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      mkdirSync(dir, { recursive: true });
      write();
    }
  }

  /** Runs `write` in `dir`; when the directory was removed since it was made (tidy), makes it again. */
  private async inDir<T>(dir: string, write: () => Promise<T>): Promise<T> {
    await this.ensureDir(dir);
    try {
      return await write();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.dirs.delete(dir);
      await this.ensureDir(dir);
      return write();
    }
  }

  async createObject(key: string): Promise<ObjectSink> {
    const path = this.pathOf(key);
    const tmp = this.tempOf(path);
    let buffered: Uint8Array[] = [];
    let bufferedBytes = 0;
    let handle: FileHandle | null = null;
    let closed = false;
    const writeAll = async (h: FileHandle, chunk: Uint8Array) => {
      let offset = 0;
      while (offset < chunk.length) {
        const { bytesWritten } = await h.write(chunk, offset, chunk.length - offset);
        offset += bytesWritten;
      }
    };
    const close = async () => {
      if (!closed) {
        closed = true;
        await handle?.close();
      }
    };
    return {
      write: async (chunk) => {
        if (handle === null) {
          buffered.push(chunk);
          bufferedBytes += chunk.length;
          if (bufferedBytes < BUFFERED_BYTES) return;
          handle = await this.inDir(dirname(path), () => open(tmp, 'w'));
          const pending = buffered;
          buffered = [];
          for (const part of pending) await writeAll(handle, part);
          return;
        }
        await writeAll(handle, chunk);
      },
      commit: async () => {
        if (handle === null) {
          const body = buffered.length === 1 ? buffered[0]! : Buffer.concat(buffered);
          buffered = [];
          this.inDirSync(dirname(path), () => writeSmall(tmp, path, body));
          return;
        }
        await close();
        await rename(tmp, path);
      },
      abort: async () => {
        buffered = [];
        if (handle === null) return;
        await close();
        await unlink(tmp).catch(() => {});
      },
    };
  }

  async putObject(key: string, body: Uint8Array | string): Promise<void> {
    const path = this.pathOf(key);
    const tmp = this.tempOf(path);
    if (body.length < BUFFERED_BYTES) {
      this.inDirSync(dirname(path), () => writeSmall(tmp, path, body));
      return;
    }
    await this.inDir(dirname(path), () => writeFile(tmp, body));
    await rename(tmp, path);
  }

  async getObject(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    // Walk only the directory the prefix names, then filter by the full prefix.
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const start = dirKey ? this.pathOf(dirKey) : this.root;
    for await (const path of walk(start)) {
      const key = relative(this.root, path).split(sep).join('/');
      if (!key.startsWith(prefix) || key.includes(TEMP_MARK)) continue;
      const info = await stat(path).catch(() => null);
      if (info) yield { key, size: info.size, lastModified: info.mtimeMs };
    }
  }

  async deleteObject(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}

async function* walk(dir: string): AsyncGenerator<string> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      return;
    throw err;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
