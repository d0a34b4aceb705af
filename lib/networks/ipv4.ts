/** Plain IPv4 addresses as numbers: the cheap path for the commonest client address of a log. */

/**
 * `a.b.c.d` with each part 0–255 written without leading zeros, as a number; -1 for anything else
 * (ports, IPv6, zero-padded parts), so one number always stands for exactly one raw string.
 */
export function ipv4Number(raw: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return n * 256 + part;
}
