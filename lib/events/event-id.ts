/**
 * Deterministic event ids (DESIGN §4): re-processing a source yields the same ids, so duplicates count
 * once and files are overwritten rather than doubled.
 */
import { createHash } from 'node:crypto';

/** Short stable name of a source id, used for file names (never a path or user name). */
export function sourceKey(sourceId: string): string {
  return createHash('sha256').update(sourceId, 'utf8').digest('hex').slice(0, 20);
}

/** Source id of a local file: site plus SHA-256 of its first non-header line after decompression. */
export function localSourceId(site: string, firstLine: string): string {
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

/** A line that arrived through the stream has no position: its id is a hash of its content. */
export function streamEventId(site: string, rawLine: string): string {
  return createHash('sha256').update(`stream\n${site}\n${rawLine}`, 'utf8').digest('hex').slice(0, 32);
}
