/**
 * How each format writes a request: used to plant personal data in every field of every format
 * (privacy property tests, fuzzing).
 */
import { CLOUDFRONT_LEGACY_FIELDS } from '../lib/formats/aws-formats.ts';
import type { PlantedRequest } from './pii-arbitraries.ts';

const CLF_TIME = '25/Nov/2026:10:00:00 +0000';
const ISO_TIME = '2026-11-25T10:00:00.123456Z';

function split(target: string): [string, string] {
  const q = target.indexOf('?');
  return q < 0 ? [target, '-'] : [target.slice(0, q), target.slice(q + 1)];
}

const common = (p: PlantedRequest) =>
  `${p.client} - ${p.user} [${CLF_TIME}] "GET ${p.target} HTTP/1.1" 200 10`;
const combined = (p: PlantedRequest) => `${common(p)} "${p.referrer}" "${p.userAgent}" "${p.forwarded}"`;

export interface FormatCase {
  format: string;
  header?: string[];
  render: (p: PlantedRequest) => string;
  /** Free text is scrubbed by detectors only: names of users and cookies are not recognisable there. */
  detectorsOnly?: boolean;
}

export const FORMATS: FormatCase[] = [
  { format: 'common', render: common },
  { format: 'combined', render: combined },
  { format: 'vhost_common', render: (p) => `${p.host} ${common(p)}` },
  { format: 'vhost_combined', render: (p) => `${p.host} ${combined(p)}` },
  {
    format:
      'apache:%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{Cookie}i" "%{X-Forwarded-For}i" %{Host}i',
    render: (p) => `${common(p)} "${p.referrer}" "${p.userAgent}" "${p.cookie}" "${p.forwarded}" ${p.host}`,
  },
  {
    format:
      'nginx:$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_cookie" $host $cookie_session',
    render: (p) =>
      `${common(p)} "${p.referrer}" "${p.userAgent}" "${p.cookie}" ${p.host} ${p.cookie.split(';')[0]!.split('=')[1]}`,
  },
  {
    format: 'w3c',
    header: [
      '#Software: Microsoft Internet Information Services 10.0',
      '#Fields: date time c-ip cs-username cs-method cs-uri-stem cs-uri-query sc-status sc-bytes cs(User-Agent) cs(Cookie) cs(Referer) cs-host x-forwarded-for',
    ],
    render: (p) => {
      const [path, query] = split(p.target);
      const plus = (s: string) => s.replace(/ /g, '+');
      return `2026-11-25 10:00:00 ${p.client} ${p.user} GET ${plus(path)} ${query} 200 10 ${plus(p.userAgent)} ${plus(p.cookie)} ${p.referrer} ${p.host} ${p.forwarded}`;
    },
  },
  {
    format: 'cloudfront',
    header: ['#Version: 1.0', `#Fields: ${CLOUDFRONT_LEGACY_FIELDS.join(' ')}`],
    render: (p) => {
      const [path, query] = split(p.target);
      const values: Record<string, string> = {
        date: '2026-11-25',
        time: '10:00:00',
        'c-ip': p.client,
        'cs-method': 'GET',
        'cs(Host)': 'd111111abcdef8.cloudfront.net',
        'cs-uri-stem': path,
        'sc-status': '200',
        'sc-bytes': '10',
        'cs(Referer)': p.referrer,
        'cs(User-Agent)': encodeURIComponent(encodeURIComponent(p.userAgent)),
        'cs-uri-query': query,
        'cs(Cookie)': encodeURIComponent(p.cookie),
        'x-host-header': p.host,
        'x-forwarded-for': p.forwarded,
        'time-taken': '0.002',
      };
      return CLOUDFRONT_LEGACY_FIELDS.map((f) => values[f] ?? '-').join('\t');
    },
  },
  {
    format: 'alb',
    render: (p) =>
      `https ${ISO_TIME} app/my-alb/1 ${p.client}:2817 10.0.0.1:80 0.001 0.002 0.000 200 200 34 366 "GET https://www.example.com:443${p.target} HTTP/1.1" "${p.userAgent}" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/t/1 "Root=1-x" "${p.host}" "-" 0 ${ISO_TIME} "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"`,
  },
  {
    format: 'elb',
    render: (p) =>
      `${ISO_TIME} my-lb ${p.client}:2817 10.0.0.1:80 0.000086 0.001048 0.001337 200 200 0 57 "GET https://www.example.com:443${p.target} HTTP/1.1" "${p.userAgent}" - -`,
  },
  {
    format: 's3',
    render: (p) =>
      `owner ${p.host} [${CLF_TIME}] ${p.client} arn:aws:iam::123456789012:user/${p.user} REQ1 REST.GET.OBJECT key "GET ${p.target} HTTP/1.1" 200 - 10 10 5 4 "${p.referrer}" "${p.userAgent}" - hostid SigV4 ECDHE AuthHeader ${p.host} TLSv1.2`,
  },
  {
    format: 'json',
    render: (p) =>
      JSON.stringify({
        time: '2026-11-25T10:00:00+00:00',
        remote_addr: p.client,
        remote_user: p.user,
        request: `GET ${p.target} HTTP/1.1`,
        status: '200',
        body_bytes_sent: 10,
        http_referer: p.referrer,
        http_user_agent: p.userAgent,
        http_cookie: p.cookie,
        http_x_forwarded_for: p.forwarded,
        host: p.host,
      }),
  },
  {
    format: 'text',
    detectorsOnly: true,
    render: (p) =>
      `2026-11-25 10:00:00 ERROR client=${p.client} xff=${p.forwarded} GET ${p.target} referrer=${p.referrer} agent="${p.userAgent}" host ${p.host}`,
  },
];
