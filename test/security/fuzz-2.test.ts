/** Fuzzing, part 2: see fuzz.ts. Split in two files so both cores work. */
import { describe, it } from 'vitest';
import { FORMATS } from '../format-renderers.ts';
import { tempDir } from '../helpers.ts';
import { fuzz, LINES, SEED } from './fuzz.ts';

const PART = FORMATS.filter((_, i) => i % 2 === 1);

describe(`fuzzing with ${LINES} lines per format (FUZZ_SEED=${SEED})`, () => {
  it.each(PART.map((f) => [f.format.split(':')[0], f]))(
    '%s',
    async (_, fmt) => {
      await fuzz(fmt, await tempDir('logveil-fuzz-'));
    },
    240_000,
  );
});
