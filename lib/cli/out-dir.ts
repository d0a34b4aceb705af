/**
 * Commands that read `--out` (query, expire) refuse a directory that does not exist: an empty answer
 * would look like "no data" when the path is simply wrong.
 */
import { statSync } from 'node:fs';
import { EXIT_INPUT_ERROR } from '../summary.ts';
import type { CommandIo } from './run-command.ts';

/** Null when `out` is a directory; else the exit status, after telling the user why. */
export function missingOutDir(out: string, io: CommandIo): number | null {
  const stat = statSync(out, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return null;
  const what = stat === undefined ? 'no such directory' : 'not a directory';
  io.stderr(`logveil: ${out}: ${what}; write tables there first with 'logveil run --out ${out}'\n`);
  return EXIT_INPUT_ERROR;
}
