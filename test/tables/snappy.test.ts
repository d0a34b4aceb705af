import fc from 'fast-check';
import { snappyUncompress } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { snappyCompress } from '../../lib/tables/snappy.ts';

/** Snappy's preamble: the uncompressed length as a little-endian base-128 varint. */
function declaredLength(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0, shift = 0; i < 5; i++, shift += 7) {
    n += (bytes[i]! & 0x7f) * 2 ** shift;
    if (bytes[i]! < 0x80) return n;
  }
  throw new Error('varint too long');
}

function roundTrip(page: Uint8Array): Uint8Array {
  const packed = snappyCompress(page);
  const out = new Uint8Array(declaredLength(packed));
  snappyUncompress(packed, out);
  return out;
}

// Pages as the events writer makes them: runs of repeated values, dictionary indices and long
// shared prefixes, mixed with incompressible bytes, some past the 64 KiB block boundary.
const repetitive = fc
  .array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 400 })), {
    maxLength: 30,
  })
  .map((parts) =>
    Uint8Array.from(
      parts.flatMap(([bytes, times]) => Array.from({ length: times }, () => [...bytes]).flat()),
    ),
  );

describe('snappyCompress', () => {
  it('round-trips arbitrary bytes through the reader Parquet readers use', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (page) => {
        expect(roundTrip(page)).toEqual(page);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips repetitive pages, including ones longer than one 64 KiB block, and shrinks them', () => {
    fc.assert(
      fc.property(repetitive, (page) => {
        expect(roundTrip(page)).toEqual(page);
      }),
      { numRuns: 100 },
    );
    const page = new TextEncoder().encode('/products/item-0042?ref=home '.repeat(10_000));
    expect(page.length).toBeGreaterThan(2 * 65_536);
    expect(roundTrip(page)).toEqual(page);
    expect(snappyCompress(page).length).toBeLessThan(page.length / 10);
  });
});
