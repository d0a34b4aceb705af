import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildPrebuiltCli, bundledCli, cliModule, sourceStamp } from '../../lib/cli/bundle.mjs';
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

  it('runs the sources of a checkout, never a prebuilt CLI left beside them, however new', async () => {
    const root = await tempDir();
    const lib = join(root, 'lib');
    await mkdir(join(lib, 'cli'), { recursive: true });
    await mkdir(join(lib, 'parallel'));
    await writeFile(join(lib, 'cli', 'main.ts'), "export const built: string = 'sources';\n");
    await writeFile(join(lib, 'parallel', 'events-worker.ts'), 'export {};\n');
    await mkdir(join(root, 'dist'));
    await writeFile(join(root, 'dist', 'main.mjs'), "export const built = 'prebuilt';\n");
    const future = new Date(Date.now() + 3600_000);
    await utimes(join(root, 'dist', 'main.mjs'), future, future);

    const entry = await cliModule(lib);
    expect(entry).not.toBeNull();
    expect(relative(root, entry!).startsWith(join('node_modules', '.cache'))).toBe(true);
    expect((await import(entry!)).built).toBe('sources');
  });

  it('runs the prebuilt CLI where the package ships no sources, and says so when it has neither', async () => {
    const root = await tempDir();
    const lib = join(root, 'lib');
    await mkdir(join(lib, 'cli'), { recursive: true });
    await expect(cliModule(lib)).rejects.toThrow(/no built CLI/);
    await mkdir(join(root, 'dist'));
    await writeFile(join(root, 'dist', 'main.mjs'), "export const built = 'prebuilt';\n");
    expect(await cliModule(lib)).toBe(join(root, 'dist', 'main.mjs'));
  });

  it('prebuilds a CLI that names no path of the machine that built it and finds its named queries', async () => {
    const root = await tempDir();
    const dist = join(root, 'dist');
    const main = await buildPrebuiltCli(join(REPO_ROOT, 'lib'), dist);
    expect(main).toBe(join(dist, 'main.mjs'));
    for (const [name, bytes] of await filesUnder(dist))
      expect(bytes.includes(REPO_ROOT), `${name} names the build machine's checkout`).toBe(false);
    const sql = (await readdir(join(REPO_ROOT, 'lib', 'queries'))).filter((f) => f.endsWith('.sql'));
    expect(sql.length).toBeGreaterThan(0);
    expect((await readdir(join(dist, 'queries'))).sort()).toEqual(sql.sort());

    // Installed, the package's dependencies sit in its own node_modules.
    await symlink(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
    const entry = join(root, 'logveil.mjs');
    await writeFile(
      entry,
      "const { main } = await import('./dist/main.mjs');\nprocess.exitCode = await main(process.argv.slice(2));\n",
    );
    const cli = (...args: string[]) => run(process.execPath, [entry, ...args], { cwd: root });
    await cli('generate', '--lines', '1000', '--seed', '3', '-o', 'access.log');
    // Two threads: the events worker is a module of its own, found beside the CLI's.
    await cli(
      'run',
      'access.log',
      '--out',
      'out',
      '--site',
      'example.com',
      '--threads',
      '2',
      '--salt-dir',
      'salts',
    );
    const named = await cli('query', '--named', 'top_pages', '--out', 'out');
    expect(named.stdout).toMatch(/page_views/);
  }, 60_000);
});
