/** `logveil generate`: validates its options and streams a synthetic log. */
import { DEFAULT_HOST, type GeneratedFormat, generateLog } from '../generate/generate-log.ts';
import { UsageError } from './usage-error.ts';

export interface GenerateFlags {
  lines: string;
  seed: string;
  format: GeneratedFormat;
  start: string;
  days: string;
  gzip: boolean;
  output?: string;
}

export async function generateCommand(flags: GenerateFlags): Promise<number> {
  const lines = Number(flags.lines);
  if (!Number.isInteger(lines) || lines < 0) throw new UsageError('--lines must be a whole number');
  const days = Number(flags.days);
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    throw new UsageError('--days must be between 1 and 3660');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(flags.start) || Number.isNaN(Date.parse(`${flags.start}T00:00:00Z`))) {
    throw new UsageError('--start must be a day, YYYY-MM-DD');
  }
  await generateLog({
    lines,
    seed: flags.seed,
    format: flags.format,
    startMs: Date.parse(`${flags.start}T00:00:00Z`),
    days,
    gzip: flags.gzip,
    output: flags.output ?? null,
    host: DEFAULT_HOST,
  });
  return 0;
}
