import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_BYTES } from '../../lib/input/line-splitter.ts';

function split(chunks: Buffer[]): { lines: Array<[string, number]>; tooLong: number[] } {
  const lines: Array<[string, number]> = [];
  const tooLong: number[] = [];
  const splitter = new LineSplitter({ line: (t, n) => lines.push([t, n]), tooLong: (n) => tooLong.push(n) });
  for (const c of chunks) splitter.push(c);
  splitter.end();
  return { lines, tooLong };
}

describe('LineSplitter', () => {
  it('handles LF, CRLF and a missing final newline', () => {
    const { lines } = split([Buffer.from('a\r\nb\nc')]);
    expect(lines).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('does not invent a line after a final newline', () => {
    expect(split([Buffer.from('a\n')]).lines).toEqual([['a', 1]]);
  });

  it('replaces invalid UTF-8 instead of dropping the line', () => {
    const { lines } = split([Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a])]);
    expect(lines).toEqual([['a\uFFFD\uFFFDb', 1]]);
  });

  it('keeps a multi-byte character split across chunks intact', () => {
    const bytes = Buffer.from('café\nnaïve\n');
    const { lines } = split([bytes.subarray(0, 4), bytes.subarray(4, 9), bytes.subarray(9)]);
    expect(lines.map(([t]) => t)).toEqual(['café', 'naïve']);
  });

  it('skips a 1 MiB line as too long, keeps counting lines, and never holds more than the limit', () => {
    const huge = Buffer.alloc(1024 * 1024, 0x61);
    const chunks: Buffer[] = [Buffer.from('first\n')];
    for (let i = 0; i < huge.length; i += 65536) chunks.push(huge.subarray(i, i + 65536));
    chunks.push(Buffer.from('\nlast\n'));
    const lines: Array<[string, number]> = [];
    const tooLong: number[] = [];
    const splitter = new LineSplitter({
      line: (t, n) => lines.push([t, n]),
      tooLong: (n) => tooLong.push(n),
    });
    let maxCarry = 0;
    for (const c of chunks) {
      splitter.push(c);
      // biome-ignore lint/complexity/useLiteralKeys: reading private state to prove memory stays bounded
      const carry = (splitter as unknown as { ['carry']: Buffer | null }).carry;
      maxCarry = Math.max(maxCarry, carry?.length ?? 0);
    }
    splitter.end();
    expect(lines).toEqual([
      ['first', 1],
      ['last', 3],
    ]);
    expect(tooLong).toEqual([2]);
    expect(maxCarry).toBeLessThanOrEqual(MAX_LINE_BYTES);
  });

  it('counts a line of exactly the limit as a line and one byte more as too long', () => {
    const exact = 'x'.repeat(MAX_LINE_BYTES);
    const { lines, tooLong } = split([Buffer.from(`${exact}\n${exact}y\n`)]);
    expect(lines.map(([t]) => t.length)).toEqual([MAX_LINE_BYTES]);
    expect(tooLong).toEqual([2]);
  });

  it('gives the same lines however the bytes are chunked (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '€', '\n', '\r', ' ', '😀'), maxLength: 40 }), {
          maxLength: 20,
        }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 30 }),
        (parts, cuts) => {
          const bytes = Buffer.from(parts.join(''));
          const chunks: Buffer[] = [];
          let pos = 0;
          let i = 0;
          while (pos < bytes.length) {
            const size = cuts[i++ % cuts.length]!;
            chunks.push(bytes.subarray(pos, pos + size));
            pos += size;
          }
          const whole = split([bytes]).lines;
          expect(split(chunks).lines).toEqual(whole);
          const expected = bytes.toString('utf8').split('\n');
          if (expected.at(-1) === '') expected.pop();
          expect(whole.map(([t]) => t)).toEqual(expected.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
        },
      ),
      { seed: 20261125, numRuns: 300 },
    );
  });
});
