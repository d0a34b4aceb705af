/**
 * Deterministic event ids (docs/tables.md): re-processing a source yields the same ids, so duplicates count
 * once and files are overwritten rather than doubled.
 */
import { createHash } from 'node:crypto';

/** Short stable name of a source id, used for file names (never a path or user name). */
export function sourceKey(sourceId: string): string {
  return createHash('sha256').update(sourceId, 'utf8').digest('hex').slice(0, 20);
}

/**
 * Source id of a local file: SHA-256 of its first non-header line after decompression. It depends on
 * the input alone, so processing the same file again with other options replaces its events.
 */
export function localSourceId(firstLine: string): string {
  return `file\n${createHash('sha256').update(firstLine, 'utf8').digest('hex')}`;
}

/** The source id releases before 0.2 gave a local file (site included): their files are replaced too. */
export function legacyLocalSourceId(site: string, firstLine: string): string {
  return `${site}\n${createHash('sha256').update(firstLine, 'utf8').digest('hex')}`;
}

/**
 * Event id of a line of a positioned source: a 20-hex hash of the source id followed by the line
 * number in hex. Unique within a source by construction (no truncated-hash collisions) and one
 * string concatenation per line instead of a SHA-256.
 */
export function lineEventId(sourceHash: string, lineNo: number): string {
  return `${sourceHash}${lineNo.toString(16).padStart(10, '0')}`;
}

const ID_DIGITS = 10;
const MAX_SPELLED_LINE = 16 ** ID_DIGITS;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * The UTF-8 bytes of `lineEventId(sourceHash, line)` for each of `lines`, as views into one buffer:
 * Parquet needs the bytes, and spelling them directly skips a string and its encoding per row.
 */
export function lineEventIdBytes(sourceHash: string, lines: readonly number[]): Uint8Array[] {
  const key = Buffer.from(sourceHash, 'utf8');
  const width = key.length + ID_DIGITS;
  const bytes = Buffer.allocUnsafe(width * lines.length);
  const out = new Array<Uint8Array>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (!(Number.isInteger(line) && line >= 0 && line < MAX_SPELLED_LINE)) {
      // Longer or unusual numbers: the string rule decides.
      out[i] = Buffer.from(lineEventId(sourceHash, line), 'utf8');
      continue;
    }
    const at = i * width;
    for (let k = 0; k < key.length; k++) bytes[at + k] = key[k]!;
    for (let d = at + width - 1; d >= at + key.length; d--) {
      bytes[d] = HEX_DIGITS[line % 16]!;
      line = Math.floor(line / 16);
    }
    out[i] = bytes.subarray(at, at + width);
  }
  return out;
}

/** A line that arrived through the stream has no position: its id is a hash of its content. */
export function streamEventId(site: string, rawLine: string): string {
  return createHash('sha256').update(`stream\n${site}\n${rawLine}`, 'utf8').digest('hex').slice(0, 32);
}
