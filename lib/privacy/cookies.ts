/**
 * Reads one cookie out of a logged Cookie header. Cookie names and values are only ever used to
 * derive a visitor id or an opt-out flag; they are never written.
 */

export function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(/;\s*/)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (key === name) return eq < 0 ? '' : part.slice(eq + 1).trim();
  }
  return null;
}
