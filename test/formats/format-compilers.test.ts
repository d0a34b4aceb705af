import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { compileApacheLogFormat, FormatCompileError } from '../../lib/formats/apache-log-format.ts';
import { checkFormatName, parsersFor } from '../../lib/formats/index.ts';
import { compileNginxLogFormat } from '../../lib/formats/nginx-log-format.ts';
import type { ParsedHit } from '../../lib/formats/parsed-hit.ts';
import { zoneResolver } from '../../lib/formats/time-zone.ts';
import { readTable, tempDir } from '../helpers.ts';

const ctx = { zone: zoneResolver('UTC') };
const PREFIX_LINE = '[10/Feb/2012:16:42:07 +0000] "GET /p?q=1 HTTP/1.1"';

function parse(format: string, line: string): ParsedHit {
  const [parser] = parsersFor(format, ctx);
  const r = parser!.parse(line);
  if (!r.ok) throw new Error(`${format}: ${r.reason}`);
  return r.hit;
}

// Every Apache directive logveil accepts: the value it is given and what it must change.
const APACHE: Array<[string, string, Partial<ParsedHit>]> = [
  ['%h', '203.0.113.9', { clientIp: '203.0.113.9' }],
  ['%a', '203.0.113.9', { clientIp: '203.0.113.9' }],
  ['%{c}a', '203.0.113.9', { clientIp: '203.0.113.9' }],
  ['%A', '10.0.0.1', { clientIp: '' }],
  ['%l', '-', {}],
  ['%u', 'alice', { user: 'alice' }],
  ['%s', '404', { status: 404 }],
  ['%>s', '503', { status: 503 }],
  ['%<s', '301', { status: 301 }],
  ['%b', '-', { bytes: 0 }],
  ['%B', '1234', { bytes: 1234 }],
  ['%O', '5678', { bytes: 5678 }],
  ['%I', '99', {}],
  ['%S', '99', {}],
  ['%v', 'www.example.com', { host: 'www.example.com' }],
  ['%V', 'shop.example.com', { host: 'shop.example.com' }],
  ['%p', '443', {}],
  ['%{canonical}p', '443', {}],
  ['%P', '1234', {}],
  ['%H', 'HTTP/1.1', {}],
  ['%D', '1500', { durationMs: 2 }],
  ['%T', '3', { durationMs: 3000 }],
  ['%{ms}T', '42', { durationMs: 42 }],
  ['%{us}T', '42000', { durationMs: 42 }],
  ['%{s}T', '2', { durationMs: 2000 }],
  ['%k', '0', {}],
  ['%X', '+', {}],
  ['%f', '/var/www/p', {}],
  ['%L', 'abc', {}],
  ['%R', 'proxy', {}],
  ['"%{Referer}i"', '"https://ref.example/x"', { referrer: 'https://ref.example/x' }],
  ['"%{User-Agent}i"', '"UA/1.0 (x)"', { userAgent: 'UA/1.0 (x)' }],
  ['%{Host}i', 'Host.Example', { host: 'Host.Example' }],
  ['"%{X-Forwarded-For}i"', '"198.51.100.7, 10.0.0.1"', { forwardedFor: '198.51.100.7, 10.0.0.1' }],
  ['"%{Cookie}i"', '"a=1; vid=xyz"', { cookies: 'a=1; vid=xyz' }],
  ['%{Sec-GPC}i', '1', { gpc: true }],
  ['%{DNT}i', '1', { dnt: true }],
  ['%{Accept}i', 'text/html', {}],
  ['%{vid}C', 'xyz', { cookies: 'vid=xyz' }],
  ['%{Content-Type}o', 'text/html', {}],
  ['%{UNIQUE_ID}e', 'abc', {}],
  ['%{note}n', 'abc', {}],
  ['%{SSL_PROTOCOL}x', 'TLSv1.3', {}],
];

describe('apache:<LogFormat>', () => {
  it.each(APACHE)('%s reads %s', (directive, value, expected) => {
    const hit = parse(`apache:%t "%r" ${directive}`, `${PREFIX_LINE} ${value}`);
    expect(hit).toMatchObject({ method: 'GET', target: '/p?q=1', ...expected });
  });

  it.each([
    ['%m %U%q', 'POST /a?b=c', { method: 'POST', target: '/a?b=c' }],
    ['%m %U %q', 'GET /a -', { method: 'GET', target: '/a' }],
  ])('reads method, path and query separately: %s', (directives, value, expected) => {
    expect(parse(`apache:%t ${directives}`, `[10/Feb/2012:16:42:07 +0000] ${value}`)).toMatchObject(expected);
  });

  it.each([
    ['[%{%d/%b/%Y:%H:%M:%S %z}t]', '[10/Feb/2012:16:42:07 -0500]', '2012-02-10T21:42:07.000Z'],
    ['%{%Y-%m-%dT%H:%M:%S%z}t', '2012-02-10T16:42:07+0100', '2012-02-10T15:42:07.000Z'],
    ['%{%F %T}t', '2012-02-10 16:42:07', '2012-02-10T16:42:07.000Z'],
    ['%{sec}t', '1328892127', '2012-02-10T16:42:07.000Z'],
    ['%{msec}t', '1328892127123', '2012-02-10T16:42:07.123Z'],
    ['%{end:%d.%m.%Y %I:%M:%S %p}t', '10.02.2012 04:42:07 PM', '2012-02-10T16:42:07.000Z'],
  ])('reads the time written by %s', (directive, value, iso) => {
    const hit = parse(`apache:${directive} "%r"`, `${value} "GET / HTTP/1.1"`);
    expect(new Date(hit.ts).toISOString()).toBe(iso);
  });

  it.each([
    ['%h %Z', /unsupported directive %Z at position 4/],
    ['%h %{foo}Q', /unsupported directive %\{foo\}Q at position 4/],
    ['%h %{Referer', /unclosed %\{ at position 4/],
    ['%h %', /ends inside a directive at position 4/],
    ['%h%u %t "%r"', /position 3 follows another/],
    ['%{%d %Q}t', /unsupported time directive %Q/],
  ])('refuses %s and points at the position', (format, message) => {
    expect(() => compileApacheLogFormat('apache', format)).toThrow(FormatCompileError);
    expect(() => compileApacheLogFormat('apache', format)).toThrow(message);
  });

  it('refuses a format without a time or a request as a usage error', () => {
    expect(() => checkFormatName('apache:%h %u')).toThrow(/no time field/);
    expect(() => checkFormatName('apache:%t %h')).toThrow(/no request or path/);
  });
});

const NGINX: Array<[string, string, Partial<ParsedHit>]> = [
  ['$remote_addr', '203.0.113.9', { clientIp: '203.0.113.9' }],
  ['$realip_remote_addr', '203.0.113.9', { clientIp: '203.0.113.9' }],
  ['$remote_user', 'bob', { user: 'bob' }],
  ['$status', '418', { status: 418 }],
  ['$body_bytes_sent', '512', { bytes: 512 }],
  ['$bytes_sent', '700', { bytes: 700 }],
  ['"$http_referer"', '"https://r.example/"', { referrer: 'https://r.example/' }],
  ['"$http_user_agent"', '"UA \\x22q\\x22"', { userAgent: 'UA "q"' }],
  ['"$http_x_forwarded_for"', '"198.51.100.7"', { forwardedFor: '198.51.100.7' }],
  ['"$http_cookie"', '"vid=abc; x=1"', { cookies: 'vid=abc; x=1' }],
  ['$cookie_vid', 'abc', { cookies: 'vid=abc' }],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's ${name} syntax, not a template
  ['${cookie_vid}', 'abc', { cookies: 'vid=abc' }],
  ['$http_dnt', '1', { dnt: true }],
  ['$http_sec_gpc', '1', { gpc: true }],
  ['$host', 'www.example.com', { host: 'www.example.com' }],
  ['$http_host', 'www.example.com:8080', { host: 'www.example.com:8080' }],
  ['$server_name', 'fallback.example', { host: 'fallback.example' }],
  ['$request_time', '0.250', { durationMs: 250 }],
  ['$upstream_response_time', '0.1', {}],
  ['$geoip_country_code', 'SE', {}],
];

describe('nginx:<log_format>', () => {
  it.each(NGINX)('%s reads %s', (variable, value, expected) => {
    const hit = parse(`nginx:[$time_local] "$request" ${variable}`, `${PREFIX_LINE} ${value}`);
    expect(hit).toMatchObject({ method: 'GET', target: '/p?q=1', ...expected });
  });

  it.each([
    ['$time_iso8601 "$request"', '2012-02-10T16:42:07+01:00 "GET / HTTP/1.1"', '2012-02-10T15:42:07.000Z'],
    ['$msec "$request"', '1328892127.250 "GET / HTTP/1.1"', '2012-02-10T16:42:07.250Z'],
    ['$time_local "$request"', '10/Feb/2012:16:42:07 +0000 "GET / HTTP/1.1"', '2012-02-10T16:42:07.000Z'],
  ])('reads the time of %s', (format, line, iso) => {
    expect(new Date(parse(`nginx:${format}`, line).ts).toISOString()).toBe(iso);
  });

  it('reads method, URI and args separately', () => {
    const hit = parse(
      'nginx:[$time_local] $request_method $uri $args',
      '[10/Feb/2012:16:42:07 +0000] POST /a b=c',
    );
    expect(hit).toMatchObject({ method: 'POST', target: '/a?b=c' });
    expect(
      parse('nginx:[$time_local] $request_method $request_uri', '[10/Feb/2012:16:42:07 +0000] GET /a?b')
        .target,
    ).toBe('/a?b');
  });

  it('accepts the format as written in nginx.conf, quoted and split', () => {
    const spec = compileNginxLogFormat(
      'nginx',
      `'$remote_addr - $remote_user [$time_local] '\n  '"$request" $status'`,
    );
    expect(spec.tokens.filter((t) => t.kind === 'field')).toHaveLength(5);
  });

  it.each([
    ['$remote_addr $', /without a variable name at position 14/],
    ['${remote_addr', /unclosed \$\{ at position 1/],
    ['$remote_addr$status', /position 13 follows another variable/],
    ['escape=json {"a":"$status"}', /use --format json/],
  ])('refuses %j and points at the problem', (format, message) => {
    expect(() => compileNginxLogFormat('nginx', format)).toThrow(message);
  });
});

describe('equivalent Apache and nginx formats', () => {
  it('give identical events on the same combined-with-cookie traffic', async () => {
    const dir = await tempDir();
    const lines = Array.from({ length: 60 }, (_, i) => {
      const ua =
        i % 3 === 0
          ? 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'
          : `Mozilla/5.0 (X11; Linux x86_64; rv:${100 + (i % 7)}.0) Gecko/20100101 Firefox/${100 + (i % 7)}.0`;
      const cookie = i % 4 === 0 ? '-' : `vid=v${i % 9}; session=s${i}${i % 5 === 0 ? '; optout=1' : ''}`;
      const ref = i % 2 ? `https://www.google.com/search?q=x${i}` : 'https://example.com/prev';
      return `2001:db8::${i % 11} - user${i} [25/Nov/2026:10:${String(i).padStart(2, '0')}:00 +0100] "GET /p/${i % 5}?utm_source=s${i % 3}&gclid=${i % 2 ? 'x' : ''} HTTP/1.1" 200 ${100 + i} "${ref}" "${ua}" "${cookie}"`;
    });
    const file = join(dir, 'access.log');
    await writeFile(file, `${lines.join('\n')}\n`);
    const apache = 'apache:%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{Cookie}i"';
    const nginx =
      'nginx:$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_cookie"';
    const events: Record<string, unknown[]> = {};
    for (const format of [apache, nginx]) {
      const out = join(dir, format.slice(0, 5));
      const io = { stdout: () => {}, stderr: () => {} };
      const config = runConfig([file], {
        out,
        format,
        saltDir: join(dir, 'salts'),
        site: 'example.com',
        visitorCookie: 'vid',
        optoutCookie: 'optout',
      });
      expect(await runCommand(config, io)).toBe(0);
      events[format] = (await readTable(out))
        .map(({ _key, ...row }) => row)
        .sort((a, b) => String(a.event_id).localeCompare(String(b.event_id)));
    }
    expect(events[apache]).toHaveLength(60);
    expect(events[nginx]).toEqual(events[apache]);
    const rows = events[apache] as Array<Record<string, unknown>>;
    expect(rows.filter((r) => r.visitor_id === null).length).toBeGreaterThan(0);
    // Lines carrying the visitor cookie share an id per cookie value, whatever their address.
    const byCookie = new Map<number, Set<unknown>>();
    for (const r of rows) {
      const i = Number.parseInt(String(r.event_id).slice(20), 16) - 1;
      if (i % 4 === 0 || i % 5 === 0) continue;
      byCookie.set(i % 9, (byCookie.get(i % 9) ?? new Set()).add(r.visitor_id));
    }
    expect(byCookie.size).toBe(9);
    for (const ids of byCookie.values()) expect(ids.size).toBe(1);
    expect(new Set([...byCookie.values()].map((ids) => [...ids][0])).size).toBe(9);
  });
});
