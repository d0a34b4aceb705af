// The CLI's bundle: lib/ compiled by esbuild into two ES modules (the CLI and the events worker),
// rebuilt whenever a file under lib/ changes. Node then loads two files instead of running tsx's
// loader on every source in both threads: about 0.35 s less start-up and 30–90 MiB less peak
// memory per run (docs/performance.md). Plain JavaScript: it runs before anything can load TypeScript.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const LIB = dirname(import.meta.dirname);
/** Bundles of older sources stay this long: a run that started on one may still start its worker. */
const KEEP_OLD_MS = 24 * 3600 * 1000;

/** Every file under `lib` by path, size and modification time: any edit gives a new stamp. */
export function sourceStamp(lib) {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const st = statSync(path);
        hash.update(`${relative(lib, path)}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(lib);
  return hash.digest('hex').slice(0, 16);
}

/**
 * `import.meta.dirname` keeps meaning the source module's own folder (named queries read the
 * `.sql` files beside them); `import.meta.url` becomes the bundle's, which is how the CLI finds the
 * bundled worker next to it.
 */
const ownDirname = {
  name: 'own-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll(
        'import.meta.dirname',
        JSON.stringify(dirname(args.path)),
      ),
      loader: 'ts',
    }));
  },
};

async function build(lib, cache, target) {
  const { build: esbuild } = await import('esbuild');
  const staging = `${target}.tmp-${process.pid}`;
  await esbuild({
    entryPoints: {
      main: join(lib, 'cli', 'main.ts'),
      'events-worker': join(lib, 'parallel', 'events-worker.ts'),
    },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Dynamic imports (the AWS SDK of `ship`) become chunks loaded only by the command that needs them.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    logLevel: 'silent',
    plugins: [ownDirname],
  });
  try {
    renameSync(staging, target);
  } catch (err) {
    // Another process finished the same build first: use its copy.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(target, 'main.mjs'))) throw err;
  }
  for (const old of readdirSync(cache)) {
    const path = join(cache, old);
    if (old.startsWith('cli-') && path !== target && Date.now() - statSync(path).mtimeMs > KEEP_OLD_MS)
      rmSync(path, { recursive: true, force: true });
  }
}

/**
 * The bundled CLI's path, built first if anything under `lib` changed; null when it cannot be built
 * here (the caller then runs the sources). Kept in node_modules/.cache, beside the packages it imports.
 */
export async function bundledCli(lib = LIB) {
  try {
    const cache = join(dirname(lib), 'node_modules', '.cache', 'logveil');
    const target = join(cache, `cli-${sourceStamp(lib)}`);
    if (!existsSync(join(target, 'main.mjs'))) {
      mkdirSync(cache, { recursive: true });
      await build(lib, cache, target);
    }
    return join(target, 'main.mjs');
  } catch {
    return null;
  }
}
