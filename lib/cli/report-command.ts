/**
 * `logveil report`: writes the self-contained HTML report for a site and period and prints its path.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type BuiltReport, buildReport } from '../report/build-report.ts';
import { NoAggregatesError } from '../report/report-range.ts';
import { FsStore } from '../store/fs-store.ts';
import type { CommandIo } from './run-command.ts';
import { UsageError } from './usage-error.ts';

export interface ReportFlags {
  readonly out: string;
  readonly site?: string;
  readonly from?: string;
  readonly to?: string;
  readonly output?: string;
}

export async function reportCommand(flags: ReportFlags, io: CommandIo): Promise<number> {
  const target = flags.output ?? join(flags.out, 'report.html');
  let result: BuiltReport;
  try {
    result = await buildReport(new FsStore(flags.out), flags);
  } catch (err) {
    if (err instanceof NoAggregatesError) {
      io.stderr(`logveil: ${flags.out}: ${err.message}\n`);
      return 1;
    }
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, result.html);
  const { model } = result;
  if (model.headline.daysWithData === 0) {
    io.stderr(
      `logveil: warning: no aggregates for ${model.site ?? 'any site'} between ${model.range.from} and ${model.range.to}\n`,
    );
  }
  for (const key of result.broken)
    io.stderr(`logveil: ${key}: not readable as Parquet; left out of the report\n`);
  io.stdout(`report written to ${target}\n`);
  return result.broken.length > 0 ? 1 : 0;
}
