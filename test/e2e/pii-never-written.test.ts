/**
 * The central privacy property: personal data planted in every field of a log line never reaches an
 * output file (Parquet decoded) or the terminal.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { FORMATS } from '../format-renderers.ts';
import { everythingWritten, tempDir } from '../helpers.ts';
import { plantedRequest } from '../pii-arbitraries.ts';

/** The combined format as the privacy tests write it, with X-Forwarded-For appended. */
const combined = FORMATS.find((f) => f.format === 'combined')!.render;

describe('personal data in every field', () => {
  it('never appears in any output file or in the terminal (property)', async () => {
    const dir = await tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(plantedRequest, { minLength: 5, maxLength: 25 }), async (lines) => {
        run++;
        const input = join(dir, `in-${run}.log`);
        await writeFile(input, `${lines.map(combined).join('\n')}\n`);
        let terminal = '';
        const io = { stdout: (t: string) => (terminal += t), stderr: (t: string) => (terminal += t) };
        const out = join(dir, `out-${run}`);
        for (const json of [true, false]) {
          const config = runConfig([input], {
            out,
            saltDir: join(dir, 'salts'),
            site: 'www.example.com',
            json,
          });
          expect(await runCommand(config, io)).toBe(0);
        }
        const written = await everythingWritten(out, terminal);
        expect(written).toContain('"event_id"');
        for (const { secrets } of lines) {
          for (const secret of secrets)
            expect(written, `planted value leaked: ${secret}`).not.toContain(secret);
        }
        // What the address leaves behind is a country code and a flag: no region, city or place
        // (events and countries_daily rows alike: `written` holds every row as JSON).
        const countries = [...written.matchAll(/"country":("(?:[^"\\]|\\.)*"|null)/g)].map((m) => m[1]);
        expect(countries.length).toBeGreaterThanOrEqual(lines.length);
        for (const country of countries) expect(country).toMatch(/^"(?:[A-Z]{2}|\((?:unknown|other)\))"$/);
        expect(written).toMatch(/"hosting_network":(?:true|false)/);
      }),
      { seed: 1125, numRuns: 40 },
    );
  });
});
