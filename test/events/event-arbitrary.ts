/** Any events row, with the few repeated values real columns have mixed with arbitrary strings. */
import fc from 'fast-check';
import type { EventRow } from '../../lib/events/schema.ts';

const text = fc.string({ maxLength: 12, unit: 'binary' });
const few = fc.constantFrom('GET', 'POST', '/a', '/b', '(direct)', '');
export const event: fc.Arbitrary<EventRow> = fc.record({
  event_id: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 30, maxLength: 30 }),
  salt_id: few,
  site: few,
  ts: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  visitor_id: fc.option(fc.oneof(few, text)),
  method: few,
  path: fc.oneof(few, text),
  query: fc.option(text),
  status: fc.integer({ min: 100, max: 599 }),
  bytes: fc.maxSafeNat(),
  duration_ms: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 })),
  referrer_host: fc.option(few),
  referrer_path: fc.option(text),
  channel: few,
  source: fc.oneof(few, text),
  medium: few,
  campaign: few,
  browser: few,
  browser_version: fc.option(few),
  os: few,
  device: few,
  is_bot: fc.boolean(),
  bot_name: fc.option(few),
  is_page_view: fc.boolean(),
  country: fc.oneof(fc.constantFrom('DE', 'US', '(unknown)'), text),
  hosting_network: fc.boolean(),
});
