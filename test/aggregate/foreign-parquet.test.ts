/**
 * Events written by Firehose's own Parquet conversion come from another writer: other physical
 * encodings (timestamps in microseconds or INT96, other integer widths). The aggregation must read
 * them beside logveil's own files, and count a line that arrived both ways once.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { recomputeDays } from '../../lib/aggregate/recompute-days.ts';
import { SqlDays } from '../../lib/aggregate/sql-days.ts';
import { FsStore } from '../../lib/store/fs-store.ts';
import { readTable, tempDir } from '../helpers.ts';

describe('events from another Parquet writer', () => {
  it('are read (timestamps in microseconds, other widths) and deduplicated by event_id', async () => {
    const out = await tempDir();
    const file = join(out, 'events', 'dt=2026-11-25', 'hour=10', 'firehose-1.parquet');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(out, 'events', 'dt=2026-11-25', 'hour=10'), { recursive: true });
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (
      SELECT * FROM (VALUES
        ('e1', 'aaaaaaaa', 'example.com', TIMESTAMP '2026-11-25 10:00:00.250', 'v1', 'GET', '/', NULL, 200, 100::BIGINT, NULL, NULL, NULL, 'direct', '(direct)', '(none)', '(none)', 'Firefox', '132', 'Windows', 'desktop', false, NULL, true),
        ('e2', 'aaaaaaaa', 'example.com', TIMESTAMP '2026-11-25 10:01:00', 'v1', 'GET', '/b', NULL, 200, 100::BIGINT, NULL, NULL, NULL, 'direct', '(direct)', '(none)', '(none)', 'Firefox', '132', 'Windows', 'desktop', false, NULL, true),
        ('e2', 'aaaaaaaa', 'example.com', TIMESTAMP '2026-11-25 10:01:00', 'v1', 'GET', '/b', NULL, 200, 100::BIGINT, NULL, NULL, NULL, 'direct', '(direct)', '(none)', '(none)', 'Firefox', '132', 'Windows', 'desktop', false, NULL, true)
      ) AS t(event_id, salt_id, site, ts, visitor_id, method, path, query, status, bytes, duration_ms, referrer_host, referrer_path, channel, source, medium, campaign, browser, browser_version, os, device, is_bot, bot_name, is_page_view)
    ) TO '${file}' (FORMAT parquet)`);
    c.closeSync();
    const store = new FsStore(out);
    const sql = new SqlDays(store);
    const result = await recomputeDays(
      store,
      ['2026-11-25'],
      { ...DEFAULT_AGGREGATE_OPTIONS, k: 1 },
      0,
      false,
      {
        sql,
      },
    );
    await sql.close();
    expect(result.computed).toEqual(['2026-11-25']);
    const [traffic] = await readTable(out, 'aggregates/traffic_daily/');
    expect(traffic).toMatchObject({ hits: 2, page_views: 2, sessions: 1, visitors: 1, session_seconds: 59 });
  });
});
