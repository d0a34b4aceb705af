/**
 * Real bundling, once: each function bundles locally with esbuild (no Docker), and the esbuild
 * metafile proves what went in — no DuckDB, no development dependency.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { REPO_ROOT, tempDir } from '../helpers.ts';
import { lambdaContext } from '../ingest/lambda-context.ts';

const devDependencies = Object.keys(
  (
    JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies,
);

describe('function bundles', () => {
  it('bundle each handler with esbuild, without DuckDB or development dependencies', async () => {
    const outdir = await tempDir('logveil-cdk-');
    const app = new App({ outdir });
    buildApp(app);
    app.synth();
    const assets = readdirSync(outdir).filter(
      (d) => d.startsWith('asset.') && existsSync(join(outdir, d, 'index.mjs')),
    );
    expect(assets).toHaveLength(3);
    for (const asset of assets) {
      const meta = JSON.parse(readFileSync(join(outdir, asset, 'index.meta.json'), 'utf8')) as {
        inputs: Record<string, unknown>;
        outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
      };
      const inputs = Object.keys(meta.inputs);
      // Only Node's own modules may be left for the runtime to resolve; DuckDB is marked external as a
      // guard, so an import of it shows up here.
      const externals = Object.values(meta.outputs).flatMap((o) =>
        o.imports.filter((i) => i.external).map((i) => i.path),
      );
      expect(externals.filter((p) => !p.startsWith('node:') && !builtinModules.includes(p))).toEqual([]);
      expect(inputs.some((i) => i.includes('functions/'))).toBe(true);
      expect(inputs.filter((i) => /duckdb/i.test(i))).toEqual([]);
      for (const dev of devDependencies)
        expect(
          inputs.filter((i) => i.includes(`node_modules/${dev}/`)),
          dev,
        ).toEqual([]);
      const size = readFileSync(join(outdir, asset, 'index.mjs')).length;
      expect(size).toBeLessThan(10 * 1024 * 1024);
    }
    // The bundle runs on its own: load the aggregate function and let it refuse a meaningless event.
    const aggregate = assets.find((a) =>
      readFileSync(join(outdir, a, 'index.meta.json'), 'utf8').includes('functions/aggregate.ts'),
    )!;
    // It reads the tables' SQL beside itself.
    for (const sql of readdirSync(join(REPO_ROOT, 'lib', 'aggregate', 'sql')).filter((f) =>
      f.endsWith('.sql'),
    ))
      expect(existsSync(join(outdir, aggregate, sql)), sql).toBe(true);
    // The functions that make events read the country database and the hosting ranges beside themselves.
    const eventMakers = assets.filter((a) =>
      /functions\/(ingest|transform)\.ts/.test(readFileSync(join(outdir, a, 'index.meta.json'), 'utf8')),
    );
    expect(eventMakers).toHaveLength(2);
    for (const asset of eventMakers)
      for (const file of ['geo-whois-asn-country.mmdb', 'hosting-ranges.csv'])
        expect(existsSync(join(outdir, asset, file)), `${asset}/${file}`).toBe(true);
    vi.stubEnv('ANALYTICS_BUCKET', 'analytics');
    vi.stubEnv('SALTS_BUCKET', 'salts');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    const bundle = (await import(pathToFileURL(join(outdir, aggregate, 'index.mjs')).href)) as {
      handler: (e: unknown, c: unknown) => Promise<unknown>;
    };
    await expect(bundle.handler({ nonsense: true }, lambdaContext())).rejects.toThrow(
      /expected \{ "schedule"/,
    );
    vi.unstubAllEnvs();
  });
});
