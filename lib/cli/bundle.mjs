// The CLI's bundle: lib/ compiled by esbuild into two ES modules (the CLI and the events worker).
// In a checkout it is rebuilt into node_modules/.cache whenever a file under lib/ changes; `npm pack`
// builds it once into dist/ (`prebuild` below), which is all an installed package ships of lib/.
// Node then loads two files instead of running tsx's loader on every source in both threads: about
// 0.35 s less start-up and 30–90 MiB less peak memory per run (docs/performance.md). Plain
// JavaScript: it runs before anything can load TypeScript.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';

const LIB = dirname(import.meta.dirname);
/** Bundles of older sources stay this long: a run that started on one may still start its worker. */
const KEEP_OLD_MS = 24 * 3600 * 1000;
/** Where `npm pack` puts the built CLI, beside lib/ (see package.json `files`). */
const PREBUILT = 'dist';
/** Files that are code (bundled), not data read at run time through `import.meta.dirname`. */
const CODE = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

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
 * `import.meta.dirname` keeps meaning the source module's own folder (named queries read the `.sql`
 * files beside them); `import.meta.url` becomes the bundle's, which is how the CLI finds the bundled
 * worker next to it. A cache bundle reads those files where they are, under lib/; a prebuilt one
 * cannot (the package ships no lib/ sources, and the packing machine's paths mean nothing where it is
 * installed), so it reads copies placed at the same relative path under its own folder.
 */
function ownDirname(lib, prebuilt, folders) {
  return {
    name: 'own-dirname',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const folder = dirname(args.path);
        const source = readFileSync(args.path, 'utf8');
        if (prebuilt && source.includes('import.meta.dirname')) folders.add(folder);
        const own = prebuilt
          ? `(import.meta.dirname + ${JSON.stringify(`/${relative(lib, folder).split(sep).join('/')}`)})`
          : JSON.stringify(folder);
        return { contents: source.replaceAll('import.meta.dirname', own), loader: 'ts' };
      });
    },
  };
}

/** Builds lib/ into the folder `outdir` (which must not exist yet) with esbuild. */
async function build(lib, outdir, prebuilt) {
  const { build: esbuild } = await import('esbuild');
  const folders = new Set();
  await esbuild({
    entryPoints: {
      main: join(lib, 'cli', 'main.ts'),
      'events-worker': join(lib, 'parallel', 'events-worker.ts'),
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay imports, resolved from node_modules: the package's `dependencies` at run time.
    packages: 'external',
    // Dynamic imports (the AWS SDK of `ship`) become chunks loaded only by the command that needs them.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    logLevel: 'silent',
    plugins: [ownDirname(lib, prebuilt, folders)],
  });
  for (const folder of folders) {
    const copy = join(outdir, relative(lib, folder));
    mkdirSync(copy, { recursive: true });
    for (const entry of readdirSync(folder, { withFileTypes: true }))
      if (entry.isFile() && !CODE.has(extname(entry.name)))
        copyFileSync(join(folder, entry.name), join(copy, entry.name));
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
      const staging = `${target}.tmp-${process.pid}`;
      await build(lib, staging, false);
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
    return join(target, 'main.mjs');
  } catch {
    return null;
  }
}

/** Builds the CLI that `npm pack` ships (prepack), replacing any earlier build; returns its main module. */
export async function buildPrebuiltCli(lib = LIB, outdir = join(dirname(lib), PREBUILT)) {
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await build(lib, staging, true);
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
  return join(outdir, 'main.mjs');
}

/**
 * The module exporting the CLI's `main`, or null to run the sources through tsx. Where the sources
 * are (a checkout), they always win: the cache bundle follows every edit, and a dist/ left by an
 * earlier `npm pack` is never used, however new it looks. Only an installed package, which ships no
 * sources, runs its prebuilt dist/ — read-only, nothing to build.
 */
export async function cliModule(lib = LIB) {
  if (existsSync(join(lib, 'cli', 'main.ts'))) return bundledCli(lib);
  const prebuilt = join(dirname(lib), PREBUILT, 'main.mjs');
  if (existsSync(prebuilt)) return prebuilt;
  throw new Error(`logveil: no sources under ${lib} and no built CLI in ${dirname(prebuilt)}`);
}

// `node lib/cli/bundle.mjs prebuild|clean`: package.json's prepack and postpack.
if (process.argv[1] === import.meta.filename) {
  const [command] = process.argv.slice(2);
  if (command === 'prebuild') await buildPrebuiltCli();
  else if (command === 'clean') rmSync(join(dirname(LIB), PREBUILT), { recursive: true, force: true });
  else {
    console.error('usage: node lib/cli/bundle.mjs prebuild|clean');
    process.exitCode = 2;
  }
}
