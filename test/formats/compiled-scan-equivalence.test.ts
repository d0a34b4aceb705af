/**
 * The compiled scans (lib/formats/compiled-scan.ts) delimit exactly as the interpreter they were
 * built from (reference-scan.ts): same end position or failing token, same field texts, for every
 * format spec the project has — built in, AWS, W3C field lists, Apache and nginx formats — over
 * realistic lines with planted personal data and the same lines mutated by quotes, backslashes,
 * blanks, brackets and cuts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileApacheLogFormat } from '../../lib/formats/apache-log-format.ts';
import {
  ALB_FORMAT,
  CLOUDFRONT_LEGACY_FIELDS,
  ELB_FORMAT,
  S3_FORMAT,
} from '../../lib/formats/aws-formats.ts';
import { BUILTIN_FORMATS } from '../../lib/formats/builtin-formats.ts';
import { compileScan, FAIL_PREFIX } from '../../lib/formats/compiled-scan.ts';
import { compileNginxLogFormat } from '../../lib/formats/nginx-log-format.ts';
import type { LineFormatSpec } from '../../lib/formats/spec.ts';
import { type ScanPlan, scanPlan } from '../../lib/formats/tokenizer.ts';
import { w3cSpecTokens } from '../../lib/formats/w3c-format.ts';
import { FORMATS, type FormatCase } from '../format-renderers.ts';
import { plantedRequest } from '../pii-arbitraries.ts';
import { referenceScan } from './reference-scan.ts';

const IIS_FIELDS =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';

/** Every spec, with the lines to delimit: rendered from a planted request, or a fixed sample. */
const SPECS: Array<{ spec: LineFormatSpec; render: FormatCase['render'] }> = [];

function specOf(format: string, header: readonly string[] = []): LineFormatSpec | null {
  const builtin = [...BUILTIN_FORMATS, S3_FORMAT, ALB_FORMAT, ELB_FORMAT].find((s) => s.name === format);
  if (builtin) return builtin;
  if (format.startsWith('apache:')) return compileApacheLogFormat('apache', format.slice(7));
  if (format.startsWith('nginx:')) return compileNginxLogFormat('nginx', format.slice(6));
  if (format === 'w3c' || format === 'cloudfront') {
    const fields =
      header
        .find((h) => h.startsWith('#Fields:'))
        ?.slice(8)
        .trim()
        .split(/\s+/) ?? [];
    return { name: format, tokens: w3cSpecTokens(fields, format, false) };
  }
  return null;
}

for (const c of FORMATS) {
  const spec = specOf(c.format, c.header);
  if (spec) SPECS.push({ spec, render: c.render });
}
// Field lists and formats the renderers do not cover.
const extra: Array<[LineFormatSpec, string]> = [
  [
    { name: 'iis', tokens: w3cSpecTokens(IIS_FIELDS.split(' '), 'w3c', false) },
    '2026-11-25 10:00:00 10.0.0.1 GET /a q=1 443 - 203.0.113.9 Mozilla/5.0+(X11) https://r.example/ 200 0 0 15',
  ],
  [
    { name: 'cloudfront-legacy', tokens: w3cSpecTokens([...CLOUDFRONT_LEGACY_FIELDS], 'cloudfront', false) },
    [
      '2026-11-25',
      '10:00:00',
      'LAX1',
      '392',
      '192.0.2.100',
      'GET',
      'd1.cloudfront.net',
      '/a',
      '200',
      '-',
      'Mozilla/5.0%20(X11)',
      'a=1',
      ...CLOUDFRONT_LEGACY_FIELDS.slice(12).map(() => '-'),
    ].join('\t'),
  ],
  [
    compileApacheLogFormat(
      'apache',
      '%v:%p %h %l %u %{%d/%b/%Y %T}t "%r" %>s %O %D "%{Referer}i" "%{User-Agent}i"',
    ),
    'www.example.com:443 203.0.113.9 - - 25/Nov/2026 10:00:00 "GET /a HTTP/1.1" 200 512 1234 "-" "Mozilla/5.0 (X11)"',
  ],
  [
    compileNginxLogFormat(
      'nginx',
      '$remote_addr [$time_iso8601] $request_time "$request" $status $bytes_sent "$http_user_agent"',
    ),
    '203.0.113.9 [2026-11-25T10:00:00+00:00] 0.012 "GET /a HTTP/1.1" 200 512 "curl/8.0"',
  ],
];

interface Compiled {
  readonly plan: ScanPlan;
  readonly required: ReturnType<typeof compileScan>;
  readonly optional: ReturnType<typeof compileScan>;
}

function compile(spec: LineFormatSpec): Compiled {
  const plan = scanPlan(spec);
  const n = plan.tokens.length;
  return {
    plan,
    required: compileScan(plan.tokens, plan.words, 0, plan.optionalFrom, plan.optionalFrom, plan.keep),
    optional: compileScan(plan.tokens, plan.words, plan.optionalFrom, n, plan.optionalFrom, plan.keep),
  };
}

/** Both phases as the parser runs them, the kept fields' texts. */
function delimit(c: Compiled, line: string, scan: 'compiled' | 'reference') {
  const n = c.plan.tokens.length;
  const values: (string | undefined)[] = new Array(n);
  const run = (from: number, to: number, pos: number) =>
    scan === 'compiled'
      ? (from === 0 ? c.required : c.optional)(line, pos, values)
      : referenceScan(c.plan, line, from, to, pos, values);
  const required = run(0, c.plan.optionalFrom, 0);
  let optional: number | null = null;
  if (required < FAIL_PREFIX && c.plan.optionalFrom < n && required < line.length)
    optional = run(c.plan.optionalFrom, n, required);
  const kept = values.map((v, i) => (c.plan.keep(i) ? v : undefined));
  // A failed optional part leaves its fields unread in the parser.
  if (optional !== null && optional >= FAIL_PREFIX)
    for (let i = c.plan.optionalFrom; i < n; i++) kept[i] = undefined;
  return { required, optional, kept };
}

const EDIT_CHARS = ['"', '\\', ' ', '\t', '[', ']', '-', ':', '/', 'a', '0', '""', '\\"', '  '];
const edits = fc.array(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('insert', 'delete', 'cut'),
    text: fc.constantFrom(...EDIT_CHARS),
  }),
  { maxLength: 4 },
);

function mutate(line: string, list: ReadonlyArray<{ at: number; kind: string; text: string }>): string {
  let out = line;
  for (const e of list) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    if (e.kind === 'insert') out = out.slice(0, at) + e.text + out.slice(at);
    else if (e.kind === 'delete') out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at);
  }
  return out;
}

describe('compiled scans equal the interpreter', () => {
  it('covers every spec the renderers know and the extra field lists', () => {
    expect(SPECS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(SPECS.map((s) => [s.spec.name, s] as const))('%s: planted and mutated lines', (_, s) => {
    const compiled = compile(s.spec);
    fc.assert(
      fc.property(plantedRequest, edits, (request, list) => {
        const line = mutate(s.render(request), list);
        expect(delimit(compiled, line, 'compiled')).toEqual(delimit(compiled, line, 'reference'));
      }),
      { numRuns: 400 },
    );
  });

  it.each(extra.map(([spec, line]) => [spec.name, spec, line] as const))(
    '%s: sample and mutated lines',
    (_, spec, sample) => {
      const compiled = compile(spec);
      expect(delimit(compiled, sample, 'compiled').required).toBeLessThan(FAIL_PREFIX);
      fc.assert(
        fc.property(edits, (list) => {
          const line = mutate(sample, list);
          expect(delimit(compiled, line, 'compiled')).toEqual(delimit(compiled, line, 'reference'));
        }),
        { numRuns: 1500 },
      );
    },
  );
});
