/**
 * Every sample logveil claims, against the values of the shared fixtures' peer/matomo/EXPECTED.md (ip,
 * UTC time, method, path, query, status, bytes, referrer, user agent, host), and the AWS
 * documentation samples. Deviations from Matomo are listed in docs/formats.md. The samples live outside
 * the repository (test/helpers.ts `sharedFixturesRoot`): without them these suites skip, naming why.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { detectFormat, parsersFor } from '../../lib/formats/index.ts';
import type { ParsedHit } from '../../lib/formats/parsed-hit.ts';
import { zoneResolver } from '../../lib/formats/time-zone.ts';
import { canonicalIp } from '../../lib/privacy/client-ip.ts';
import { splitTarget } from '../../lib/privacy/event-rules.ts';
import { describeWithShared, fixture } from '../helpers.ts';

const ctx = { zone: zoneResolver('UTC') };
const CHROME17 =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/535.11 (KHTML, like Gecko) Chrome/17.0.963.56 Safari/535.11';

function linesOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

interface Parsed {
  hits: ParsedHit[];
  malformed: string[];
  ignored: number;
}

function parseAll(format: string, lines: string[]): Parsed {
  const [parser] = parsersFor(format, ctx);
  const out: Parsed = { hits: [], malformed: [], ignored: 0 };
  for (const line of lines) {
    if (line.trim() === '') {
      out.ignored++;
      continue;
    }
    const r = parser!.parse(line);
    if (r.ok) out.hits.push(r.hit);
    else if (r.reason === 'ignored') out.ignored++;
    else out.malformed.push(r.reason);
  }
  return out;
}

/** The fields EXPECTED.md states, in logveil's terms. */
function view(hit: ParsedHit) {
  const { rawPath, rawQuery } =
    hit.target === null ? { rawPath: null, rawQuery: null } : splitTarget(hit.target);
  return {
    ip: hit.clientIp === '' ? null : canonicalIp(hit.clientIp),
    time: new Date(hit.ts).toISOString(),
    method: hit.method,
    path: rawPath,
    query: rawQuery,
    status: hit.status,
    bytes: hit.bytes,
    referrer: hit.referrer,
    userAgent: hit.userAgent,
    host: hit.host,
  };
}

const CASES: Array<{ file: string; format: string; hits: Array<Partial<ReturnType<typeof view>>> }> = [
  {
    file: 'matomo/iis.log',
    format: 'w3c',
    hits: [
      {
        ip: '1.2.3.4',
        time: '2012-04-01T00:00:13.000Z',
        method: 'GET',
        path: '/foo/bar',
        query: 'topCat1=divinity&submit=Search',
        status: 200,
        bytes: 27028,
        referrer: null,
        userAgent: 'Mozilla/5.0 (X11; U; Linux i686; en-US; rv:1.9.2.7) Gecko/20100722 Firefox/3.6.7',
        host: 'example.com',
      },
    ],
  },
  {
    file: 'matomo/iis_custom.log',
    format: 'w3c',
    hits: [
      {
        ip: '70.95.0.0',
        time: '2012-08-15T17:00:00.363Z',
        path: '/Products/theProduct',
        query: null,
        status: 200,
        referrer: 'http://example.com/Search/SearchResults.pg?informationRecipient.languageCode.c=en',
        userAgent:
          'Mozilla/5.0 (Linux; Android 4.4.4; SM-G900V Build/KTU84P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/39.0.2171.59 Mobile Safari/537.36',
        host: 'xzy.example.com',
      },
      { ip: null, path: '/Topic/hw43061', status: 301, referrer: null, method: 'GET' },
      { ip: '173.5.0.0', path: '/hello/world/6,681965', status: 404, referrer: null },
    ],
  },
  {
    file: 'matomo/netscaler.log',
    format: 'w3c',
    hits: [
      {
        ip: '172.20.1.0',
        time: '2012-08-16T11:55:13.000Z',
        path: '/Citrix/XenApp/Wan/auth/login.jsp',
        query: null,
        status: 302,
        referrer: null,
        userAgent:
          'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1; Trident/4.0; .NET CLR 1.1.4322; .NET CLR 2.0.50727; .NET CLR 3.0.04506.648; .NET CLR 3.5.21022)',
      },
    ],
  },
  {
    file: 'matomo/shoutcast.log',
    format: 'w3c',
    hits: [
      {
        ip: '1.2.3.4',
        time: '2015-12-07T10:37:05.000Z',
        path: '/stream',
        query: 'title=UKR%20Nights',
        status: 200,
        bytes: 65580,
        userAgent: 'NSPlayer/10.0.0.3702 WMFSDK/10.0',
        referrer: null,
      },
    ],
  },
  {
    file: 'matomo/splitted_date_and_time.log',
    format: 'w3c',
    hits: [{ ip: '1.2.3.4', time: '2015-12-07T10:37:05.000Z', path: '/stream', status: 200, bytes: 65580 }],
  },
  {
    file: 'matomo/amazon_cloudfront_web.log',
    format: 'cloudfront',
    hits: [
      {
        ip: '192.0.2.10',
        time: '2014-05-23T01:13:11.000Z',
        method: 'GET',
        path: '/view/my/file.html',
        query: null,
        status: 200,
        bytes: 182,
        referrer: 'https://example.com/',
        userAgent:
          'Mozilla/5.0 (Windows; U; Windows NT 6.1; de-DE) AppleWebKit/534.17 (KHTML, like Gecko) Chrome/10.0.649.0 Safari/534.17',
        host: 'example.com',
      },
    ],
  },
  {
    file: 'matomo/elb.log',
    format: 'elb',
    hits: [
      {
        ip: '1.2.3.4',
        time: '2015-05-13T23:39:43.945Z',
        path: '/path/index.html',
        query: null,
        status: 200,
        bytes: 57,
        userAgent: CHROME17,
        referrer: null,
      },
    ],
  },
  {
    file: 'matomo/alb.log',
    format: 'alb',
    hits: [
      {
        ip: '1.2.3.4',
        time: '2020-01-01T00:55:04.127Z',
        path: '/path/index.html',
        query: null,
        status: 200,
        bytes: 24950,
        userAgent: CHROME17,
        referrer: null,
        host: 'www.example.com',
      },
    ],
  },
  {
    file: 'matomo/s3.log',
    format: 's3',
    hits: [
      {
        ip: '1.2.3.4',
        time: '2012-02-10T21:42:07.000Z',
        method: 'GET',
        path: '/index',
        status: 200,
        bytes: 368,
        userAgent: CHROME17,
        referrer: null,
        host: 'www.example.com',
      },
    ],
  },
  {
    file: 'matomo/nginx_json.log',
    format: 'json',
    hits: [
      {
        ip: '1.2.3.4',
        time: '2013-10-10T14:52:00.000Z',
        path: '/piwik.php',
        status: 200,
        bytes: 192,
        referrer: 'http://clearcode.cc/',
        userAgent:
          'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.17 (KHTML, like Gecko) Chrome/24.0.1312.57 Safari/537.17',
        host: 'www.piwik.org',
      },
      { ip: '1.2.3.4', status: 200 },
    ],
  },
  {
    file: 'matomo/caddy_json.log',
    format: 'json',
    hits: [
      {
        ip: '1.2.3.4',
        time: '2023-12-23T23:17:54.815Z',
        method: 'GET',
        path: '/beta/',
        status: 200,
        bytes: 3609,
        referrer: null,
        userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0',
        host: 'example.com',
      },
      { path: '/beta/assets/index-mMaLXldj.css', referrer: 'https://example.com/beta/' },
      { path: '/beta/assets/index-HIcRLzdf.js', referrer: 'https://example.com/beta/' },
    ],
  },
  {
    file: 'matomo/traefik_json.log',
    format: 'json',
    hits: [
      {
        ip: '1.2.3.4',
        time: '2023-08-11T11:41:25.000Z',
        method: 'GET',
        path: '/my/app/auth',
        query: 'id=1234&user=dude',
        status: 200,
        bytes: 15,
        userAgent: 'Prometheus/2.40.5',
        host: 'localhost',
      },
    ],
  },
];

describeWithShared('Matomo samples, field by field', () => {
  it.each(CASES.map((c) => [c.file, c]))('%s', (file, c) => {
    const parsed = parseAll(c.format, linesOf(fixture('peer', file)));
    expect(parsed.malformed).toEqual([]);
    expect(parsed.hits).toHaveLength(c.hits.length);
    parsed.hits.forEach((hit, i) => {
      expect(view(hit)).toMatchObject(c.hits[i]!);
    });
  });

  it('skips the ELB TCP-listener entry and the comment without calling them malformed', () => {
    const parsed = parseAll('elb', linesOf(fixture('peer', 'matomo', 'elb.log')));
    expect(parsed).toMatchObject({ ignored: 2, malformed: [] });
  });

  it('reads time-taken as milliseconds for IIS and seconds for NetScaler and CloudFront', () => {
    expect(parseAll('w3c', linesOf(fixture('peer', 'matomo', 'iis.log'))).hits[0]!.durationMs).toBe(1687);
    expect(parseAll('w3c', linesOf(fixture('peer', 'matomo', 'netscaler.log'))).hits[0]!.durationMs).toBe(
      1000,
    );
    expect(
      parseAll('cloudfront', linesOf(fixture('peer', 'matomo', 'amazon_cloudfront_web.log'))).hits[0]!
        .durationMs,
    ).toBe(1);
  });

  it('finds GPC and DNT headers in Caddy logs', () => {
    const hit = parseAll('json', linesOf(fixture('peer', 'matomo', 'caddy_json.log'))).hits[2]!;
    expect(hit.gpc).toBe(true);
  });
});

describeWithShared('AWS documentation samples parse fully', () => {
  it('CloudFront: 6 entries, site from x-host-header, URL-encoded user agents decoded', () => {
    const parsed = parseAll('cloudfront', linesOf(fixture('peer', 'aws', 'cloudfront-sample.log')));
    expect(parsed.malformed).toEqual([]);
    expect(parsed.ignored).toBe(2);
    expect(parsed.hits).toHaveLength(6);
    expect(parsed.hits.map((h) => h.status)).toEqual([200, 200, 200, 502, 502, 502]);
    expect(parsed.hits[3]!.host).toBe('www.example.com');
    expect(parsed.hits[0]!.userAgent).toMatch(/^Mozilla\/5\.0 \(Windows NT 10\.0; Win64; x64\)/);
    expect(parsed.hits[5]!.userAgent).toBe('curl/7.55.1');
  });

  it('ALB: all 7 request types (http, https, h2, ws, wss, Lambda) parse', () => {
    const parsed = parseAll('alb', linesOf(fixture('peer', 'aws', 'alb-sample.log')));
    expect(parsed.malformed).toEqual([]);
    expect(parsed.hits).toHaveLength(7);
    expect(parsed.hits.map((h) => h.status)).toEqual([200, 200, 200, 101, 101, 200, 502]);
    expect(parsed.hits[1]!.host).toBe('www.example.com');
    expect(parsed.hits[0]!.host).toBeNull();
    expect(parsed.hits.map((h) => canonicalIp(h.clientIp))).toContain('192.168.131.39');
  });
});

const AUTO: Array<[string, string, boolean]> = [
  ['matomo/common.log', 'common', true],
  ['matomo/common_vhost.log', 'vhost_common', true],
  ['matomo/ncsa_extended.log', 'combined', true],
  ['matomo/common_complete.log', 'vhost_combined', true],
  ['matomo/iis.log', 'w3c', true],
  ['matomo/iis_custom.log', 'w3c', false],
  ['matomo/netscaler.log', 'w3c', false],
  ['matomo/shoutcast.log', 'w3c', true],
  ['matomo/splitted_date_and_time.log', 'w3c', false],
  ['matomo/amazon_cloudfront_web.log', 'cloudfront', false],
  ['matomo/elb.log', 'elb', true],
  ['matomo/alb.log', 'alb', false],
  ['matomo/s3.log', 's3', true],
  ['matomo/nginx_json.log', 'json', true],
  ['matomo/caddy_json.log', 'json', true],
  ['matomo/traefik_json.log', 'json', true],
  ['aws/cloudfront-sample.log', 'cloudfront', false],
  ['aws/alb-sample.log', 'alb', false],
  ['hackers-access.log', 'combined', false],
  ['matomo/logs_to_tests.log', 'combined', false],
  ['matomo/static_ignores.log', 'vhost_combined', false],
  ['matomo/icecast2.log', 'combined', true],
];

function doubledSpaces(text: string): string {
  return text.replace(/("[^"\n]*")|( )/g, (m, quoted) => (quoted ? m : '  '));
}

describeWithShared('auto detection', () => {
  it.each(AUTO)('picks the right format for %s (%s)', (file, format, hasIp) => {
    const text = readFileSync(fixture('peer', file), 'utf8');
    const variants = [
      text,
      `${text.replace(/\n$/, '')} junk`,
      ...(format === 'json' && file.includes('caddy') ? [] : [doubledSpaces(text)]),
    ];
    if (hasIp) variants.push(text.replaceAll('1.2.3.4', '0:0:0:0:0:ffff:7b2d:4359'));
    for (const variant of variants) {
      const lines = variant.split('\n').slice(0, 50);
      const detection = detectFormat(parsersFor('auto', ctx), lines);
      expect(detection.parser?.name).toBe(format);
    }
    if (hasIp) {
      const lines = text.replaceAll('1.2.3.4', '0:0:0:0:0:ffff:7b2d:4359').split('\n');
      const parsed = parseAll(format, lines);
      expect(parsed.hits.map((h) => canonicalIp(h.clientIp))).toContain('123.45.67.89');
    }
  });
});
