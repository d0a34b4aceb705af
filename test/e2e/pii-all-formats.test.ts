/**
 * The privacy property for every format: a request with personal data in every field, written the
 * way each format writes it, leaves no trace of that data in any output file or terminal output.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { FORMATS } from '../format-renderers.ts';
import { everythingWritten, tempDir } from '../helpers.ts';
import { DETECTABLE_ONLY, plantedRequest } from '../pii-arbitraries.ts';

describe('personal data in every field, in every format', () => {
  it.each(FORMATS.map((f) => [f.format.split(':')[0], f]))(
    '%s: never reaches any output (property)',
    async (_, fmt) => {
      const dir = await tempDir();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(plantedRequest, { minLength: 3, maxLength: 12 }), async (requests) => {
          run++;
          const input = join(dir, `in-${run}.log`);
          await writeFile(input, `${[...(fmt.header ?? []), ...requests.map(fmt.render)].join('\n')}\n`);
          let terminal = '';
          const io = { stdout: (t: string) => (terminal += t), stderr: (t: string) => (terminal += t) };
          const out = join(dir, `out-${run}`);
          const config = runConfig([input], {
            out,
            format: fmt.format,
            saltDir: join(dir, 'salts'),
            site: 'www.example.com',
            json: true,
            visitorCookie: 'session',
          });
          expect(await runCommand(config, io)).toBe(0);
          const summary = JSON.parse(terminal) as { parsed: number; malformed: { total: number } };
          expect(summary).toMatchObject({ parsed: requests.length, malformed: { total: 0 } });
          const written = await everythingWritten(out, terminal);
          for (const p of requests) {
            for (const secret of fmt.detectorsOnly ? DETECTABLE_ONLY(p) : p.secrets) {
              expect(written, `planted value leaked: ${secret}`).not.toContain(secret);
            }
          }
        }),
        { seed: 2611, numRuns: 8 },
      );
    },
  );
});
