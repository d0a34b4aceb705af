/**
 * Returns a copy of a string that does not share memory with the chunk it was sliced from. V8 keeps
 * a whole decoded 64 KiB chunk alive for every slice of it used as a long-lived Map key; building a
 * cons string and slicing it forces a flat copy of just this string.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/**
 * A value to keep in a long-lived cache: a string detached, or a shallow copy of a record with each
 * of its own string fields detached. Values computed from a line (a referrer's host, a path, a
 * browser version) are slices of its chunk too; one cached slice per chunk kept every decoded chunk
 * a cache had ever drawn a value from.
 */
export function detachValue<T>(value: T): T {
  if (typeof value === 'string') return detach(value) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy = { ...value } as Record<string, unknown>;
  for (const key of Object.keys(copy)) {
    const field = copy[key];
    if (typeof field === 'string') copy[key] = detach(field);
  }
  return copy as T;
}
