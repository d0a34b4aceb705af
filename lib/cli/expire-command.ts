/** `logveil expire`: applies the retention policy to `--out` and destroys expired salts. */
import { LocalSaltStore } from '../privacy/local-salt-store.ts';
import { expireStore, type RetentionPolicy, retentionProblems } from '../retention/expire.ts';
import { FsStore } from '../store/fs-store.ts';
import { removeEmptyDirs } from '../store/tidy.ts';
import { missingOutDir } from './out-dir.ts';
import type { CommandIo } from './run-command.ts';
import { checkSaltDirOutsideOut, defaultSaltDir, parseNow } from './run-config.ts';
import { UsageError } from './usage-error.ts';

export interface ExpireFlags {
  out: string;
  saltDir?: string;
  now?: string;
  eventsDays: string;
  textDays: string;
  aggregatesDays: string;
  json: boolean;
}

export async function expireCommand(flags: ExpireFlags, io: CommandIo): Promise<number> {
  const policy: RetentionPolicy = {
    eventsDays: Number(flags.eventsDays),
    textDays: Number(flags.textDays),
    aggregatesDays: Number(flags.aggregatesDays),
  };
  const problems = retentionProblems(policy);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  const saltDir = flags.saltDir ?? defaultSaltDir();
  checkSaltDirOutsideOut(saltDir, flags.out);
  const missing = missingOutDir(flags.out, io);
  if (missing !== null) return missing;
  const now = parseNow(flags.now) ?? Date.now();
  const { removed } = await expireStore(new FsStore(flags.out), policy, now);
  await removeEmptyDirs(flags.out);
  const salts = await new LocalSaltStore(saltDir, () => now).destroyExpired(now);
  const result = { removed: { ...removed, salts: salts.length } };
  if (flags.json) io.stdout(`${JSON.stringify(result)}\n`);
  else {
    io.stdout(
      `removed: ${Object.entries(result.removed)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}\n`,
    );
  }
  return 0;
}
