/**
 * The version `logveil --version` prints: the one in logveil's package.json. The CLI runs from its
 * sources, from a bundle in node_modules/.cache, or from a bundle shipped in the package's lib/cli/,
 * so the file is found by walking up from where this code runs and from the CLI entry, taking the
 * first package.json named logveil. A bundler may instead inline it as LOGVEIL_VERSION.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const LOGVEIL_VERSION: string | undefined;

const PACKAGE_NAME = 'logveil';

/** The version in the nearest package.json named logveil at or above `dir`, or null. */
export function versionAbove(dir: string): string | null {
  for (let at = dir; ; at = dirname(at)) {
    try {
      const pkg = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No readable package.json here: keep walking up.
    }
    if (dirname(at) === at) return null;
  }
}

function entryDir(): string | null {
  const entry = process.argv[1];
  if (entry === undefined) return null;
  try {
    return dirname(realpathSync(entry));
  } catch {
    return null;
  }
}

export function cliVersion(): string {
  if (typeof LOGVEIL_VERSION === 'string') return LOGVEIL_VERSION;
  const here = dirname(fileURLToPath(import.meta.url));
  const entry = entryDir();
  return versionAbove(here) ?? (entry === null ? null : versionAbove(entry)) ?? 'unknown';
}
