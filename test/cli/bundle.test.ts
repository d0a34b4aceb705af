import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bundledCli, sourceStamp } from '../../lib/cli/bundle.mjs';
import { REPO_ROOT, runCli, tempDir } from '../helpers.ts';

const run = promisify(execFile);

async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path));
  }
  return files;
}

describe('CLI bundle', () => {
  it('gets a new stamp when a source file changes or appears, and keeps it otherwise', async () => {
    const lib = await tempDir();
    await mkdir(join(lib, 'cli'));
    await writeFile(join(lib, 'cli', 'main.ts'), 'export const a = 1;\n');
    const first = sourceStamp(lib);
    expect(sourceStamp(lib)).toBe(first);
    await writeFile(join(lib, 'cli', 'main.ts'), 'export const a = 2;\n');
    await utimes(join(lib, 'cli', 'main.ts'), new Date(1_000_000), new Date(1_000_000));
    const edited = sourceStamp(lib);
    expect(edited).not.toBe(first);
    await writeFile(join(lib, 'extra.ts'), '');
    expect(sourceStamp(lib)).not.toBe(edited);
  });

  it('reports that it cannot build (so the CLI runs the sources) instead of failing', async () => {
    const lib = join(await tempDir(), 'lib');
    await mkdir(join(lib, 'cli'), { recursive: true });
    await writeFile(join(lib, 'cli', 'main.ts'), 'import { missing } from "./nowhere.ts"; missing();\n');
    expect(await bundledCli(lib)).toBeNull();
  });

  it('runs the CLI with the same results as the sources, worker and named queries included', async () => {
    const bundle = await bundledCli();
    expect(bundle).not.toBeNull();
    expect(existsSync(join(dirname(bundle!), 'events-worker.mjs'))).toBe(true);
    expect(await bundledCli()).toBe(bundle);

    const dir = await tempDir();
    const log = join(dir, 'access.log.gz');
    const gen = await runCli([
      'generate',
      '--lines',
      '3000',
      '--days',
      '2',
      '--seed',
      '7',
      '--gzip',
      '-o',
      log,
    ]);
    expect(gen.code).toBe(0);
    const args = (out: string) => [
      'run',
      log,
      '--out',
      out,
      '--site',
      'example.com',
      '--threads',
      '2',
      '--salt-dir',
      join(dir, 'salts'),
      '--now',
      '2026-11-25T12:00:00Z',
    ];
    const viaBundle = await runCli(args(join(dir, 'bundle')));
    expect(viaBundle.code).toBe(0);
    // The sources through tsx, as the CLI runs them when no bundle can be built.
    const entry = join(dir, 'sources-main.mjs');
    await writeFile(
      entry,
      `const { main } = await import(${JSON.stringify(join(REPO_ROOT, 'lib', 'cli', 'main.ts'))});
process.exitCode = await main(JSON.parse(process.env.LV_ARGS));\n`,
    );
    await run(process.execPath, ['--import', 'tsx', entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, LV_ARGS: JSON.stringify(args(join(dir, 'sources'))) },
    });
    const fromBundle = await filesUnder(join(dir, 'bundle'));
    const fromSources = await filesUnder(join(dir, 'sources'));
    expect([...fromBundle.keys()].filter((k) => k.startsWith('events/')).length).toBeGreaterThan(0);
    expect([...fromBundle.keys()].sort()).toEqual([...fromSources.keys()].sort());
    for (const [key, bytes] of fromBundle) {
      // Run metadata records when each run happened; everything else must match byte for byte.
      if (key.endsWith('.json')) continue;
      expect(bytes.equals(fromSources.get(key)!), key).toBe(true);
    }

    const named = await runCli(['query', '--named', 'top_pages', '--out', join(dir, 'bundle')]);
    expect(named.code).toBe(0);
    expect(named.stdout).toMatch(/page_views/);
  }, 60_000);
});
