import { describe, expect, it } from 'vitest';
import { parsersFor } from '../../lib/formats/index.ts';
import { zoneResolver } from '../../lib/formats/time-zone.ts';

const parse = (format: string, line: string) => {
  const [parser] = parsersFor(format, { zone: zoneResolver('UTC') });
  return parser!.parse(line);
};

describe('compiled scans', () => {
  it('treat literal text as data: quotes, backslashes and template syntax in a format are matched, not run', () => {
    const literal = String.raw`'); globalThis.hacked = 1; // ${'$'}{x} \` */ "\\"`.replaceAll('%', '');
    const format = `nginx:$remote_addr ${literal} [$time_local] "$request" $status`;
    const result = parse(format, `203.0.113.7 ${literal} [10/Feb/2012:16:42:07 +0000] "GET /a HTTP/1.1" 200`);
    expect((globalThis as { hacked?: number }).hacked).toBeUndefined();
    expect(result).toMatchObject({ ok: true, hit: { clientIp: '203.0.113.7', target: '/a', status: 200 } });
    expect(parse(format, `203.0.113.7 x [10/Feb/2012:16:42:07 +0000] "GET /a HTTP/1.1" 200`).ok).toBe(false);
  });

  it('find the closing quote the rest of the line agrees with, past escaped and stray quotes', () => {
    const line = String.raw`1.2.3.4 - - [10/Feb/2012:16:42:07 +0000] "GET /a HTTP/1.1" 200 5 "-" "Agent \"quoted\" x"y end"`;
    const result = parse('combined', line);
    expect(result).toMatchObject({ ok: true, hit: { userAgent: 'Agent "quoted" x"y end' } });
  });
});
