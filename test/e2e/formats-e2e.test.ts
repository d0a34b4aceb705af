import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../lib/cli/run-command.ts';
import { type RunFlags, runConfig } from '../../lib/cli/run-config.ts';
import type { RunSummary } from '../../lib/summary.ts';
import { readTable, readTextOutput, tempDir } from '../helpers.ts';

async function run(
  lines: string[],
  flags: RunFlags,
): Promise<{ summary: RunSummary; out: string; code: number }> {
  const dir = await tempDir();
  const input = join(dir, 'input.log');
  await writeFile(input, `${lines.join('\n')}\n`);
  let stdout = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: () => {} };
  const out = join(dir, 'out');
  const code = await runCommand(
    runConfig([input], { out, saltDir: join(dir, 'salts'), json: true, ...flags }),
    io,
  );
  return { summary: JSON.parse(stdout) as RunSummary, out, code };
}

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0';

describe('--format text', () => {
  it('writes scrubbed lines to text/site=…/dt=…/<hash>.txt.gz and no events', async () => {
    const { summary, out, code } = await run(
      ['ERROR mail to jane@example.com failed', '', 'WARN slow request from 198.51.100.4'],
      { format: 'text', site: 'shop.example.com', now: '2026-11-25T12:00:00Z' },
    );
    expect(code).toBe(0);
    expect(summary).toMatchObject({
      lines: 3,
      parsed: 2,
      ignored: 1,
      events: 0,
      tables: { events: 0, text: 2 },
      days: ['2026-11-25'],
    });
    expect(summary.files[0]!.format).toBe('text');
    expect(await readTextOutput(out)).toEqual([
      'ERROR mail to [email] failed',
      'WARN slow request from [ip]',
    ]);
    expect(await readTable(out)).toEqual([]);
    const { FsStore } = await import('../../lib/store/fs-store.ts');
    const keys: string[] = [];
    for await (const o of new FsStore(out).list('text/')) keys.push(o.key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^text\/site=shop\.example\.com\/dt=2026-11-25\/[0-9a-f]{20}\.txt\.gz$/);
  });
});

describe('--format json', () => {
  const line = (o: Record<string, unknown>) => JSON.stringify(o);

  it('counts broken lines as bad_json, missing time or URL as missing_field, and reads the rest', async () => {
    const { summary } = await run(
      [
        line({
          time: '2026-11-25T10:00:00Z',
          uri: '/a',
          status: 200,
          user_agent: FIREFOX,
          remote_addr: '203.0.113.1',
        }),
        '{"time": "2026-11-25T10:00:01Z", "uri": ',
        'not json at all',
        line({ uri: '/no-time' }),
        line({ time: '2026-11-25T10:00:02Z' }),
        line({ time: 'yesterday', uri: '/x' }),
        line({ time: 1764064800, uri: '/epoch', status: '404' }),
      ],
      { format: 'json' },
    );
    expect(summary).toMatchObject({
      parsed: 2,
      malformed: { total: 5, by_reason: { bad_json: 2, missing_field: 2, bad_timestamp: 1 } },
    });
  });

  it('follows --json-map for fields it cannot guess, including nested ones', async () => {
    const { summary, out } = await run(
      [
        line({
          at: '2026-11-25T10:00:00+01:00',
          ev: { page: '/pricing?utm_source=news', ref: 'https://www.google.com/' },
          who: { addr: '203.0.113.7', agent: FIREFOX },
          site: 'shop.example.com',
        }),
      ],
      {
        format: 'json',
        jsonMap: [
          'time=at',
          'url=ev.page',
          'referrer=ev.ref',
          'ip=who.addr',
          'user_agent=who.agent',
          'host=site',
        ],
      },
    );
    expect(summary.parsed).toBe(1);
    const [row] = await readTable(out);
    expect(row).toMatchObject({
      site: 'shop.example.com',
      path: '/pricing',
      channel: 'search',
      source: 'news',
      referrer_host: 'google.com',
      is_page_view: true,
    });
    expect(row!.ts).toBe(Date.parse('2026-11-25T09:00:00Z'));
  });

  it('rejects an unknown --json-map field as a usage error', () => {
    expect(() => runConfig(['x'], { jsonMap: ['colour=x'] })).toThrow(/unknown field "colour"/);
  });
});

describe('cookie logs', () => {
  const hit = (ip: string, cookie: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      time: '2026-11-25T10:00:00Z',
      uri: '/',
      remote_addr: ip,
      user_agent: FIREFOX,
      cookies: cookie,
      ...extra,
    });

  it('identify visitors by --visitor-cookie, drop opted-out hits from visitors, and never write cookies', async () => {
    const { summary, out } = await run(
      [
        hit('203.0.113.1', 'vid=alpha; theme=dark'),
        hit('198.51.100.2', 'vid=alpha; theme=light'),
        hit('198.51.100.3', 'vid=beta'),
        hit('198.51.100.4', 'vid=gamma; optout=1'),
        hit('198.51.100.5', 'vid=delta', { gpc: 1 }),
        hit('198.51.100.6', 'vid=epsilon', { dnt: '1' }),
      ],
      { format: 'json', visitorCookie: 'vid', optoutCookie: 'optout' },
    );
    expect(summary).toMatchObject({ parsed: 6, page_views: 6, visitors: 2 });
    const rows = await readTable(out);
    expect(rows.filter((r) => r.visitor_id === null)).toHaveLength(3);
    const text = JSON.stringify(rows);
    for (const secret of ['alpha', 'beta', 'gamma', 'dark', 'theme', 'vid=', 'optout'])
      expect(text).not.toContain(secret);
  });
});

describe('auto detection in a run', () => {
  it('reports the detected format per file', async () => {
    const { summary } = await run(
      [
        '#Version: 1.0',
        '#Fields: date time c-ip cs-method cs-uri-stem sc-status',
        '2026-11-25 10:00:00 203.0.113.1 GET / 200',
      ],
      {},
    );
    expect(summary.files[0]).toMatchObject({ format: 'w3c', parsed: 1, ignored: 2, malformed: 0 });
  });
});
