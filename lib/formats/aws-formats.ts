/**
 * AWS access-log formats as specs for the shared tokenizer: Application and Classic Load Balancer
 * logs and S3 server access logs. Fields after the last one logveil uses are read as trailing text,
 * so the new fields AWS appends from time to time do not break parsing.
 */
import { type FieldRole, field, type LineFormatSpec, literal, type Token } from './spec.ts';

type Column = FieldRole | [FieldRole, 'quoted' | 'bracketed'];

function spaceSeparated(columns: readonly Column[]): Token[] {
  const tokens: Token[] = [];
  columns.forEach((column, i) => {
    if (i > 0) tokens.push(literal(' '));
    const [role, wrap] = Array.isArray(column) ? column : [column, undefined];
    tokens.push(field(role, wrap === 'quoted', wrap === 'bracketed'));
  });
  return tokens;
}

// type time elb client:port target:port request/target/response processing times elb_status
// target_status received sent "request" "user_agent" ssl_cipher ssl_protocol target_group_arn
// "trace_id" "domain_name" …
export const ALB_FORMAT: LineFormatSpec = {
  name: 'alb',
  tokens: spaceSeparated([
    'skip',
    'time_iso',
    'skip',
    'client_ip',
    'skip',
    'skip',
    'duration_s',
    'skip',
    'status',
    'skip',
    'skip',
    'bytes',
    ['request', 'quoted'],
    ['user_agent', 'quoted'],
    'skip',
    'skip',
    'skip',
    ['skip', 'quoted'],
    ['host', 'quoted'],
  ]),
};

// Classic ELB: time elb client:port backend:port three processing times elb_status backend_status
// received sent "request" "user_agent" ssl_cipher ssl_protocol. TCP listener entries log `-`
// statuses and are not HTTP requests.
export const ELB_FORMAT: LineFormatSpec = {
  name: 'elb',
  dashStatusIsNonHttp: true,
  tokens: spaceSeparated([
    'time_iso',
    'skip',
    'client_ip',
    'skip',
    'skip',
    'duration_s',
    'skip',
    'status',
    'skip',
    'skip',
    'bytes',
    ['request', 'quoted'],
    ['user_agent', 'quoted'],
  ]),
};

// bucket_owner bucket [time] remote_ip requester request_id operation key "request_uri" status
// error_code bytes_sent object_size total_time turnaround "referrer" "user_agent", then optionally
// version_id host_id signature cipher auth host_header.
const S3_REQUIRED: Column[] = [
  'skip',
  'host_fallback',
  ['time_clf', 'bracketed'],
  'client_ip',
  'skip',
  'skip',
  'skip',
  'skip',
  ['request', 'quoted'],
  'status',
  'skip',
  'bytes',
  'skip',
  'duration_ms',
  'skip',
  ['referrer', 'quoted'],
  ['user_agent', 'quoted'],
];
const S3_OPTIONAL: Column[] = ['skip', 'skip', 'skip', 'skip', 'skip', 'host'];
const s3Required = spaceSeparated(S3_REQUIRED);

export const S3_FORMAT: LineFormatSpec = {
  name: 's3',
  tokens: [...s3Required, literal(' '), ...spaceSeparated(S3_OPTIONAL)],
  optionalFrom: s3Required.length,
};

/** CloudFront's legacy standard-log fields, used when a file carries no `#Fields:` header. */
export const CLOUDFRONT_LEGACY_FIELDS = [
  'date',
  'time',
  'x-edge-location',
  'sc-bytes',
  'c-ip',
  'cs-method',
  'cs(Host)',
  'cs-uri-stem',
  'sc-status',
  'cs(Referer)',
  'cs(User-Agent)',
  'cs-uri-query',
  'cs(Cookie)',
  'x-edge-result-type',
  'x-edge-request-id',
  'x-host-header',
  'cs-protocol',
  'cs-bytes',
  'time-taken',
  'x-forwarded-for',
  'ssl-protocol',
  'ssl-cipher',
  'x-edge-response-result-type',
  'cs-protocol-version',
  'fle-status',
  'fle-encrypted-fields',
  'c-port',
  'time-to-first-byte',
  'x-edge-detailed-result-type',
  'sc-content-type',
  'sc-content-len',
  'sc-range-start',
  'sc-range-end',
];
