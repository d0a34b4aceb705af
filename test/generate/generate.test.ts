import { isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, generatedLines } from '../../lib/generate/generate-log.ts';

const options = {
  lines: 20_000,
  seed: 'gen-test',
  format: 'combined' as const,
  startMs: Date.parse('2026-11-01T00:00:00Z'),
  days: 2,
  gzip: false,
  output: null,
  host: DEFAULT_HOST,
};

describe('generated logs', () => {
  const lines = [...generatedLines(options)];

  it('has exactly the requested lines, the same number per day', () => {
    expect(lines).toHaveLength(20_000);
    const perDay = new Map<string, number>();
    for (const l of lines) {
      const utc = Date.parse(
        l.replace(/^.*?\[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}:\d{2}:\d{2}) ([+-]\d{4})\].*$/, '$2 $1 $3 $4 $5'),
      );
      const day = new Date(utc).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    expect([...perDay.entries()].sort()).toEqual([
      ['2026-11-01', 10_000],
      ['2026-11-02', 10_000],
    ]);
  });

  it('is the same for the same seed and differs for another', () => {
    expect([...generatedLines(options)].slice(0, 500)).toEqual(lines.slice(0, 500));
    expect([...generatedLines({ ...options, seed: 'other' })].slice(0, 50)).not.toEqual(lines.slice(0, 50));
  });

  it('contains the traffic the pipeline must handle', () => {
    const text = lines.join('\n');
    const clients = lines.map((l) => l.slice(0, l.indexOf(' ')));
    expect(clients.some((ip) => isIPv6(ip))).toBe(true);
    expect(new Set(lines.map((l) => /\[[^\]]* ([+-]\d{4})\]/.exec(l)?.[1])).size).toBeGreaterThanOrEqual(4);
    for (const pattern of [
      /" 404 /, // not found
      /" 50[023] /, // server errors
      /" 304 /, // cached
      /Googlebot/, // declared bot
      /\/static\/app\.js/, // assets
      /gclid=/, // paid click
      /utm_medium=email/,
      /"https:\/\/www\.google\.com\/"/,
      /"https:\/\/t\.co\//,
      /"-" 400 0/, // unreadable request
      /\/users\/[a-z]+\.[a-z]+@/, // planted e-mail in a path
      /\/pay\/\d{15,16}/, // planted card
      /utm_content=[a-z]+\.[a-z]+%40/, // planted e-mail in a kept parameter
      / - [a-z]+\d+ \[/, // logged-in user name
    ]) {
      expect(text).toMatch(pattern);
    }
  });

  it('renders JSON lines when asked', () => {
    const json = [...generatedLines({ ...options, lines: 50, format: 'json' })];
    for (const line of json) {
      const obj = JSON.parse(line) as Record<string, unknown>;
      expect(obj).toHaveProperty('remote_addr');
      expect(typeof obj.status).toBe('number');
      expect(String(obj.time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    }
  });
});
