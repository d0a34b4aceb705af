/**
 * Local retention (docs/operations.md): what S3 lifecycle rules do in AWS, done by file age under `--out`.
 * Salts are destroyed by their own store (two days after creation).
 */
import type { Store } from '../store/store.ts';

export interface RetentionPolicy {
  readonly eventsDays: number;
  readonly textDays: number;
  readonly aggregatesDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { eventsDays: 30, textDays: 30, aggregatesDays: 790 };

const DAY_MS = 86_400_000;

/** Problems with a policy, as messages (empty when valid). */
export function retentionProblems(policy: RetentionPolicy): string[] {
  const problems: string[] = [];
  for (const [name, days] of Object.entries(policy)) {
    if (!Number.isInteger(days) || days < 1)
      problems.push(`${name} must be a whole number of days, at least 1`);
  }
  if (policy.eventsDays > policy.aggregatesDays) {
    problems.push('events must not be kept longer than the aggregates computed from them');
  }
  return problems;
}

export interface ExpireResult {
  readonly removed: Record<string, number>;
}

export async function expireStore(
  store: Store,
  policy: RetentionPolicy,
  nowMs: number,
): Promise<ExpireResult> {
  const rules: Array<[string, number]> = [
    ['events/', policy.eventsDays],
    ['text/', policy.textDays],
    ['aggregates/', policy.aggregatesDays],
  ];
  const removed: Record<string, number> = {};
  for (const [prefix, days] of rules) {
    let count = 0;
    const cutoff = nowMs - days * DAY_MS;
    const expired: string[] = [];
    for await (const object of store.list(prefix))
      if (object.lastModified <= cutoff) expired.push(object.key);
    for (const key of expired) {
      await store.deleteObject(key);
      count++;
    }
    removed[prefix.slice(0, -1)] = count;
  }
  return { removed };
}
