/**
 * Returns a copy of a string that does not share memory with the chunk it was sliced from. V8 keeps
 * a whole decoded 64 KiB chunk alive for every slice of it used as a long-lived Map key; building a
 * cons string and slicing it forces a flat copy of just this string.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
