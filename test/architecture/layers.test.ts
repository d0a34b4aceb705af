/**
 * The layering the docs describe is the one the imports follow (docs/architecture.md): no import cycle
 * between the folders of lib/, and the AWS SDK only in the AWS adapters (lib/aws/). The rule is
 * checked over the real import graph, and shown to fail on a planted cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers.ts';

type Graph = Map<string, Map<string, string[]>>;

interface SourceFile {
  readonly path: string;
  readonly text: string;
}

function sources(dir: string): SourceFile[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(ts|mts|mjs)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.d.mts'))
    .map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s(?:[^'"`;]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  ))
    found.push((m[1] ?? m[2])!);
  return found;
}

/** The folder of lib/ a file belongs to (`(root)` for lib/*.ts). */
function layerOf(lib: string, file: string): string {
  const parts = relative(lib, file).split('/');
  return parts.length > 1 ? parts[0]! : '(root)';
}

/** Folder → folder → the file imports behind that edge. */
function folderGraph(lib: string, files: readonly SourceFile[]): Graph {
  const graph: Graph = new Map();
  for (const file of files) {
    for (const spec of specifiers(file.text)) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file.path), spec);
      if (!target.startsWith(lib)) continue;
      const from = layerOf(lib, file.path);
      const to = layerOf(lib, target);
      if (from === to) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), `${relative(lib, file.path)} → ${relative(lib, target)}`]);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Each cycle between folders, as the path around it with the imports of its first edge. */
function cycles(graph: Graph): string[] {
  const found = new Set<string>();
  const walk = (start: string, node: string, path: string[]) => {
    for (const next of graph.get(node)?.keys() ?? []) {
      if (next === start) {
        const ring = [...path, start];
        const shift = ring.indexOf([...path].sort()[0]!);
        const canonical = [...ring.slice(shift, -1), ...ring.slice(0, shift), ring[shift]].join(' → ');
        found.add(`${canonical} (${graph.get(node)!.get(next)![0]})`);
      } else if (!path.includes(next)) walk(start, next, [...path, next]);
    }
  };
  for (const node of graph.keys()) walk(node, node, [node]);
  return [...found].sort();
}

const LIB = join(REPO_ROOT, 'lib');

describe('layers', () => {
  const files = sources(LIB);

  it('no folder of lib/ imports, through any path, a folder that imports it', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(cycles(folderGraph(LIB, files))).toEqual([]);
  });

  it('the AWS SDK is imported only by the AWS adapters in lib/aws/', () => {
    const outside = [...files, ...sources(join(REPO_ROOT, 'functions'))]
      .filter((f) => !f.path.startsWith(join(LIB, 'aws')))
      .filter((f) => specifiers(f.text).some((s) => s.startsWith('@aws-sdk/')))
      .map((f) => relative(REPO_ROOT, f.path));
    expect(outside).toEqual([]);
  });

  /** Folder → layer, from the table of lib/README.md. */
  function readmeLayers(): Map<string, string> {
    const readme = readFileSync(join(LIB, 'README.md'), 'utf8');
    const layers = new Map<string, string>();
    for (const m of readme.matchAll(/^\| `([^`]+?)\/?` \| (stage|support|adapter|entry) \|/gm))
      layers.set(m[1]!, m[2]!);
    return layers;
  }

  /** Imports that go up: a stage or support folder into an adapter or entry point, an adapter into an entry point. */
  function upward(graph: Graph, layers: Map<string, string>): string[] {
    const rank: Record<string, number> = { stage: 0, support: 0, adapter: 1, entry: 2 };
    const found: string[] = [];
    for (const [from, edges] of graph)
      for (const [to, imports] of edges)
        if (rank[layers.get(to)!]! > rank[layers.get(from)!]!) found.push(`${from} → ${to} (${imports[0]})`);
    return found.sort();
  }

  it('lib/README.md names every folder of lib/ with its layer, and no other', () => {
    const folders = readdirSync(LIB, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect([...readmeLayers().keys()].sort()).toEqual([...folders, '(root)'].sort());
  });

  it('imports only go down the layers of lib/README.md (stages and support, adapters, entry points)', () => {
    const layers = readmeLayers();
    expect(upward(folderGraph(LIB, files), layers)).toEqual([]);
    // And the check can fail: an aggregation module importing the AWS adapters.
    const planted = files.map((f) =>
      f.path.endsWith(join('aggregate', 'recompute-days.ts'))
        ? { ...f, text: `import { S3Store } from '../aws/s3-store.ts';\n${f.text}` }
        : f,
    );
    expect(upward(folderGraph(LIB, planted), layers)).toEqual([
      'aggregate → aws (aggregate/recompute-days.ts → aws/s3-store.ts)',
    ]);
  });

  it('the rule fails on a cycle, as it must (a planted import back from events/ to aggregate/)', () => {
    const planted = files.map((f) =>
      f.path.endsWith(join('events', 'build-event.ts'))
        ? { ...f, text: `import { computeTable } from '../aggregate/compute-day.ts';\n${f.text}` }
        : f,
    );
    const found = cycles(folderGraph(LIB, planted));
    expect(found.some((c) => c.includes('aggregate') && c.includes('events'))).toBe(true);
  });
});
