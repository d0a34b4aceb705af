import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsStore } from '../../lib/store/fs-store.ts';
import { tempDir } from '../helpers.ts';

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('FsStore', () => {
  it('publishes a small object whole at commit, and nothing before', async () => {
    const root = await tempDir();
    const store = new FsStore(root);
    const sink = await store.createObject('a/b/one.parquet');
    await sink.write(Buffer.from('hello '));
    await sink.write(Buffer.from('world'));
    // Kept in memory until commit: no file, not even a temporary one, yet.
    await expect(readdir(root)).resolves.toEqual([]);
    await sink.commit();
    expect(await readFile(join(root, 'a/b/one.parquet'), 'utf8')).toBe('hello world');
    expect(await filesUnder(root)).toEqual(['a/b/one.parquet']);
  });

  it('streams an object past 4 MiB to a temporary file and renames it into place', async () => {
    const root = await tempDir();
    const store = new FsStore(root);
    const sink = await store.createObject('big/object.bin');
    const part = Buffer.alloc(1024 * 1024, 7);
    for (let i = 0; i < 5; i++) await sink.write(part);
    const during = await filesUnder(root);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^big\/object\.bin\.tmp-/);
    await sink.commit();
    expect((await readFile(join(root, 'big/object.bin'))).length).toBe(5 * 1024 * 1024);
    expect(await filesUnder(root)).toEqual(['big/object.bin']);
  });

  it('leaves the previous object when a new one is aborted, small or large', async () => {
    const root = await tempDir();
    const store = new FsStore(root);
    await store.putObject('k/x', 'old');
    for (const size of [10, 5 * 1024 * 1024]) {
      const sink = await store.createObject('k/x');
      await sink.write(Buffer.alloc(size, 1));
      await sink.abort();
      expect(await readFile(join(root, 'k/x'), 'utf8')).toBe('old');
      expect(await filesUnder(root)).toEqual(['k/x']);
    }
  });

  it('makes a directory again when it was removed after the store made it', async () => {
    const root = await tempDir();
    const store = new FsStore(root);
    await store.putObject('d/e/1', 'one');
    await rm(join(root, 'd'), { recursive: true });
    await store.putObject('d/e/2', 'two');
    const sink = await store.createObject('d/e/3');
    await rm(join(root, 'd'), { recursive: true });
    await sink.write(Buffer.from('three'));
    await sink.commit();
    expect(await filesUnder(root)).toEqual(['d/e/3']);
    await store.putObject('d/e/2', 'two');
    expect(await filesUnder(root)).toEqual(['d/e/2', 'd/e/3']);
  });
});
