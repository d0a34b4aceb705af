import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineEventId, lineEventIdBytes, sourceKey } from '../../lib/events/event-id.ts';

const line = fc.oneof(
  fc.nat(),
  fc.integer({ min: 0, max: 16 ** 10 - 1 }),
  // Past ten hex digits, and numbers that are not line numbers at all: the string rule decides.
  fc.integer({ min: 16 ** 10, max: Number.MAX_SAFE_INTEGER }),
  fc.double(),
);

describe('lineEventIdBytes', () => {
  it('spells the UTF-8 bytes of lineEventId for every line, each id its own view', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string().map(sourceKey), fc.string({ maxLength: 30 })),
        fc.array(line, { maxLength: 50 }),
        (key, lines) => {
          const bytes = lineEventIdBytes(key, lines);
          expect(bytes.length).toBe(lines.length);
          bytes.forEach((b, i) => {
            expect(Buffer.from(b).toString('utf8')).toBe(lineEventId(key, lines[i]!));
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
