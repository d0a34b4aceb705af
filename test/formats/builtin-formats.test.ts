import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectFormat, parsersFor } from '../../lib/formats/index.ts';
import type { ParsedHit } from '../../lib/formats/parsed-hit.ts';
import { zoneResolver } from '../../lib/formats/time-zone.ts';
import { describeWithShared, fixture } from '../helpers.ts';

const ctx = { zone: zoneResolver('UTC') };
const CHROME17 =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/535.11 (KHTML, like Gecko) Chrome/17.0.963.56 Safari/535.11';

function parseWith(format: string, line: string): ParsedHit {
  const [parser] = parsersFor(format, ctx);
  const result = parser!.parse(line);
  if (!result.ok) throw new Error(`not parsed: ${result.reason}`);
  return result.hit;
}

function matomo(name: string): string {
  const raw = readFileSync(fixture('peer', 'matomo', name));
  const text = name.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text.split('\n')[0]!;
}

// Values from the shared fixtures' peer/matomo/EXPECTED.md (§2, "Shared common values" and "Extra fields").
const COMMON = { clientIp: '1.2.3.4', user: 'theuser', method: 'GET', target: '/', status: 301, bytes: 368 };
const UTC_TIME = Date.parse('2012-02-10T21:42:07Z');

describeWithShared('built-in formats on the Matomo samples', () => {
  it.each([
    ['common.log', 'common', { ...COMMON, referrer: null, userAgent: null, host: null }],
    [
      'common_vhost.log',
      'vhost_common',
      { ...COMMON, referrer: null, userAgent: null, host: 'www.example.com' },
    ],
    ['ncsa_extended.log', 'combined', { ...COMMON, referrer: null, userAgent: CHROME17, host: null }],
    [
      'common_complete.log',
      'vhost_combined',
      { ...COMMON, referrer: null, userAgent: CHROME17, host: 'www.example.com' },
    ],
  ])('%s parses as %s with the expected values', (file, format, expected) => {
    const hit = parseWith(format, matomo(file));
    expect(hit).toMatchObject(expected);
    expect(hit.ts).toBe(UTC_TIME);
  });

  it('reads the gzip sample (POST, -0700)', () => {
    const hit = parseWith('common', matomo('common.log.gz'));
    expect(hit).toMatchObject({
      clientIp: '1.2.3.5',
      user: 'admin',
      method: 'POST',
      target: '/form',
      status: 200,
      bytes: 145,
    });
    expect(hit.ts).toBe(Date.parse('2012-02-10T23:42:07Z'));
  });

  it('parses a combined line with the common format too (trailing fields ignored)', () => {
    expect(parseWith('common', matomo('ncsa_extended.log'))).toMatchObject(COMMON);
  });

  it.each([
    ['common.log', 'common'],
    ['common_vhost.log', 'vhost_common'],
    ['ncsa_extended.log', 'combined'],
    ['common_complete.log', 'vhost_combined'],
  ])('auto picks %s as %s, also with junk appended, doubled spaces and an IPv6 client', (file, format) => {
    const line = matomo(file);
    const variants = [
      line,
      `${line} junk`,
      line.replace(/("[^"]*")|( )/g, (m, quoted) => (quoted ? m : '  ')),
      line.replaceAll('1.2.3.4', '0:0:0:0:0:ffff:7b2d:4359'),
    ];
    for (const variant of variants) {
      const detection = detectFormat(parsersFor('auto', ctx), [variant]);
      expect(detection.parser?.name).toBe(format);
    }
    const v6 = parseWith(format, line.replaceAll('1.2.3.4', '0:0:0:0:0:ffff:7b2d:4359'));
    expect(v6.clientIp).toBe('0:0:0:0:0:ffff:7b2d:4359');
  });
});

describeWithShared('real Apache combined log (hackers-access.log)', () => {
  const lines = readFileSync(fixture('peer', 'hackers-access.log'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);

  it('has 3,456 lines and every one parses as combined', () => {
    expect(lines).toHaveLength(3456);
    const [parser] = parsersFor('combined', ctx);
    const failures = lines.filter((l) => !parser!.parse(l).ok);
    expect(failures).toHaveLength(0);
  });

  it('is detected as combined', () => {
    expect(detectFormat(parsersFor('auto', ctx), lines.slice(0, 50)).parser?.name).toBe('combined');
  });

  it('reads the first line field by field', () => {
    const hit = parseWith('combined', lines[0]!);
    expect(hit).toMatchObject({
      clientIp: '195.154.46.135',
      method: 'GET',
      target: '/linux/doing-pxe-without-dhcp-control',
      status: 200,
      bytes: 24323,
      referrer: 'http://howto.basjes.nl/',
      userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:35.0) Gecko/20100101 Firefox/35.0',
    });
    expect(new Date(hit.ts).toISOString()).toBe('2015-10-25T03:11:25.000Z');
  });
});

describe('combined variants', () => {
  const base =
    '203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET /a?b=c HTTP/2.0" 200 512 "https://ref.example/x" "UA/1.0"';

  it('reads nginx main with a trailing X-Forwarded-For', () => {
    const hit = parseWith('combined', `${base} "198.51.100.7, 10.0.0.1"`);
    expect(hit.forwardedFor).toBe('198.51.100.7, 10.0.0.1');
    expect(hit.userAgent).toBe('UA/1.0');
  });

  it('treats "-" fields as absent', () => {
    const hit = parseWith(
      'combined',
      '203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 304 - "-" "-" "-"',
    );
    expect(hit).toMatchObject({ bytes: 0, referrer: null, userAgent: null, forwardedFor: null, user: null });
  });

  it('undoes Apache and nginx escaping inside quoted fields', () => {
    const apache = parseWith('combined', base.replace('"UA/1.0"', '"Say \\"hi\\" \\\\ UA"'));
    expect(apache.userAgent).toBe('Say "hi" \\ UA');
    const nginx = parseWith('combined', base.replace('"UA/1.0"', '"Say \\x22hi\\x22 caf\\xC3\\xA9"'));
    expect(nginx.userAgent).toBe('Say "hi" café');
  });

  it('keeps a vhost with a port', () => {
    expect(parseWith('vhost_combined', `www.example.com:443 ${base}`).host).toBe('www.example.com:443');
  });

  it('turns an unreadable request into a hit with method "-" and no target', () => {
    const hit = parseWith('combined', base.replace('"GET /a?b=c HTTP/2.0"', '"\\x16\\x03\\x01\\x00"'));
    expect(hit.method).toBe('-');
    expect(hit.target).toBeNull();
    const dash = parseWith('combined', base.replace('"GET /a?b=c HTTP/2.0"', '"-"'));
    expect(dash.method).toBe('-');
  });

  it('accepts an absolute-form target and HTTP/0.9 requests', () => {
    expect(
      parseWith('combined', base.replace('GET /a?b=c HTTP/2.0', 'GET http://x.example/p?q HTTP/1.1')).target,
    ).toBe('http://x.example/p?q');
    expect(parseWith('combined', base.replace('GET /a?b=c HTTP/2.0', 'GET /old')).target).toBe('/old');
  });
});

describe('malformed lines', () => {
  const [parser] = parsersFor('combined', ctx);
  it.each([
    ['garbage', 'missing_field'],
    ['203.0.113.9 - - [32/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'bad_timestamp'],
    ['203.0.113.9 - - [25/Foo/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'bad_timestamp'],
    ['203.0.113.9 - - [25/Nov/2026:25:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', 'bad_timestamp'],
    ['203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1 200 1 "-" "-', 'bad_request_line'],
    ['203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 2x0 1 "-" "-"', 'bad_status'],
    ['203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 12a "-" "-"', 'bad_number'],
  ])('counts %j as %s', (line, reason) => {
    const result = parser!.parse(line);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });
});
