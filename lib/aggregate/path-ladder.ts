/**
 * k-anonymity by generalization before suppression (docs/privacy.md): a path seen by fewer than k
 * visitors in a day is counted under its parent prefix, `/blog/geekery/(other)` ("other pages under
 * /blog/geekery/"), level by level — three segments, then two, then one — and only what is still
 * below k at the top goes into `(other)`. The same ladder is written in SQL in the tables' files.
 */

/** The prefix levels a path climbs, deepest first. */
export const PATH_LEVELS = [3, 2, 1] as const;

/** The marker of a generalized row: the last segment of `/a/b/(other)`. Real paths never end so (path.ts). */
export const GENERALIZED_SEGMENT = '(other)';

/** Slashes in a path: its depth as the ladder counts it (`/` and `/a` are 1, `/a/b/` is 3). */
export function pathDepth(path: string): number {
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
}

/**
 * `path` at level `level`: its first `level` segments and `/(other)` when it is deeper than that,
 * else the path itself (`/a/b/c`, 2 → `/a/b/(other)`; `/a`, 2 → `/a`).
 */
export function pathAtLevel(path: string, level: number): string {
  if (pathDepth(path) <= level) return path;
  let slashes = 0;
  for (let i = 0; i < path.length; i++) {
    if (path.charCodeAt(i) === 47 && ++slashes === level + 1)
      return `${path.slice(0, i)}/${GENERALIZED_SEGMENT}`;
  }
  return path;
}

/** A row of a table whose path is a generalized prefix (`/a/(other)`), not one page. */
export function isGeneralizedPath(path: unknown): boolean {
  return typeof path === 'string' && path.endsWith(`/${GENERALIZED_SEGMENT}`);
}
