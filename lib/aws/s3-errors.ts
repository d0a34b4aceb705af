/** Recognises S3 error responses by status code, whatever name the SDK or an emulator gives them. */

export function httpStatusOf(err: unknown): number | undefined {
  if (err && typeof err === 'object' && '$metadata' in err) {
    const meta = (err as { $metadata?: { httpStatusCode?: number } }).$metadata;
    return meta?.httpStatusCode;
  }
  return undefined;
}

export function isNotFound(err: unknown): boolean {
  const name = err instanceof Error ? err.name : '';
  return name === 'NoSuchKey' || name === 'NotFound' || httpStatusOf(err) === 404;
}

/** 412: a conditional write lost to an object that already exists. */
export function isPreconditionFailed(err: unknown): boolean {
  return (err instanceof Error && err.name === 'PreconditionFailed') || httpStatusOf(err) === 412;
}

/** 409: a concurrent conditional write was in progress; try again. */
export function isConditionalConflict(err: unknown): boolean {
  return (err instanceof Error && err.name === 'ConditionalRequestConflict') || httpStatusOf(err) === 409;
}
