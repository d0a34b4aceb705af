/**
 * `logveil report`: writes the self-contained HTML report for a site and period and prints its path.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildReport } from '../report/build-report.ts';
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
  let result: Awaited<ReturnType<typeof buildReport>>;
  try {
    result = await buildReport(new FsStore(flags.out), flags);
  } catch (err) {
    if (err instanceof RangeError) {
      if (err.message.startsWith('no aggregate')) {
        io.stderr(`logveil: ${flags.out}: ${err.message}\n`);
        return 1;
      }
      throw new UsageError(err.message);
    }
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
  io.stdout(`report written to ${target}\n`);
  return 0;
}
