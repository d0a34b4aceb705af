/**
 * How much raw data Firehose buffers before it invokes the transform function, derived from
 * Lambda's response limit.
 *
 * A short line becomes a much longer answer: the event as JSON (ids, site, ISO time, channel,
 * browser… ≈ 420 bytes even for a line that carries nothing), base64 (× 4/3), and the record's
 * envelope (record id, result, partition keys). The shortest valid line of a built-in format
 * (below) answers ≈ 700 bytes with a 64-character site and 96-character record ids: up to 27
 * times its own size. Firehose accepts a processor buffer of 0.2–3 MB; at its minimum, 0.2 MiB
 * of the shortest lines below answers at most 5.7 MB, under the 6,000,000 bytes the transform
 * allows itself (`MAX_RESPONSE_BYTES`). At 1 MiB, short lines answered 6–15 MB: Lambda failed the
 * whole invocation and Firehose filed every raw line of the batch under `errors/`.
 *
 * A smaller buffer only means more, shorter invocations (≈ 5,000 per GB of lines). A
 * field-configurable layout (`apache:`, `nginx:`, a `#Fields:` header or a JSON log with fewer
 * fields) can log even shorter lines; then the transform's own bound (`ResponseBudget`) still
 * keeps the answer under the limit, and answers the records that do not fit `ProcessingFailed`
 * (counted, logged, alarmed) instead of failing the batch.
 */

export const PROCESSOR_BUFFER_MB = 0.2;

/** Firehose's "MB" read as MiB, the larger reading: the worst case. */
export const PROCESSOR_BUFFER_BYTES = Math.ceil(PROCESSOR_BUFFER_MB * 1024 * 1024);

/** Longest record id and stream site the bound above is computed for. */
export const ASSUMED_RECORD_ID_CHARS = 96;
export const ASSUMED_SITE_CHARS = 64;

const CLOUDFRONT_SHORTEST = [
  '2026-01-01',
  '00:00:00',
  ...Array.from({ length: 31 }, (_, i) => (i === 5 ? '/' : i === 6 ? '200' : '-')),
].join('\t');

/**
 * The shortest line each built-in format accepts (field-configurable formats in their default
 * layout: IIS's default W3C fields, a JSON log with a time in epoch seconds and a URL). A header
 * line a format needs first is given as `header`.
 */
export const SHORTEST_LINES: ReadonlyArray<{ format: string; line: string; header?: string }> = [
  { format: 'common', line: 'a - - [01/Jan/2026:00:00:00 +0000] "" 200 -' },
  { format: 'combined', line: '- - - [01/Jan/2026:00:00:00 +0000] "-" 200 - "" ""' },
  { format: 'vhost_common', line: 'a - - - [01/Jan/2026:00:00:00 +0000] "-" 200 -' },
  { format: 'vhost_combined', line: 'a - - - [01/Jan/2026:00:00:00 +0000] "-" 200 - "" ""' },
  { format: 's3', line: '- - [01/Jan/2026:00:00:00 +0000] - - - - - "" 200 - - - - - "" ""' },
  { format: 'alb', line: '- 2026-01-01T00:00:00Z - - - - - - 200 - - - "" "" - - - "" ""' },
  { format: 'elb', line: '2026-01-01T00:00:00Z - - - - - - 200 - - - "" ""' },
  { format: 'cloudfront', line: CLOUDFRONT_SHORTEST },
  {
    format: 'w3c',
    header:
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
    line: '2026-01-01 00:00:00 - - / - - - - - - 200 - - -',
  },
  { format: 'json', line: '{"ts":1767225600,"url":"/"}' },
];
