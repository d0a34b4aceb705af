/**
 * What `logveil ship` checks before it reads a line: that the AWS SDK can resolve a region and
 * credentials. Without them every call fails and is retried, and the user learns only after the
 * backoff that "lines were not delivered" — not what to fix.
 */

/** How long resolving credentials may take: the default chain ends with instance metadata. */
export const CREDENTIALS_TIMEOUT_MS = 5_000;

/** The part of an SDK client's resolved config that is checked (FirehoseClient's `config`). */
export interface ResolvableConfig {
  readonly region: () => Promise<string>;
  readonly credentials: () => Promise<unknown>;
}

export type AwsAccessProblem =
  | { readonly missing: 'region' }
  | { readonly missing: 'credentials'; readonly timedOut: boolean };

/**
 * The region to give the client: `--region`, then AWS_REGION, then AWS_DEFAULT_REGION (which the
 * AWS CLI reads and the SDK does not); undefined leaves it to the SDK (the profile's `region`).
 */
export function chosenRegion(
  flag: string | undefined,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  for (const value of [flag, env.AWS_REGION, env.AWS_DEFAULT_REGION]) if (value) return value;
  return undefined;
}

/** Resolves region and credentials once (the SDK caches both for the calls that follow). */
export async function checkAwsAccess(
  config: ResolvableConfig,
  timeoutMs = CREDENTIALS_TIMEOUT_MS,
): Promise<AwsAccessProblem | null> {
  try {
    if (!(await config.region())) return { missing: 'region' };
  } catch {
    return { missing: 'region' };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([config.credentials().then(() => 'resolved' as const), timeout]);
    return outcome === 'timeout' ? { missing: 'credentials', timedOut: true } : null;
  } catch {
    return { missing: 'credentials', timedOut: false };
  } finally {
    clearTimeout(timer);
  }
}
