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

export function lineEventId(sourceId: string, lineNo: number): string {
  return createHash('sha256').update(`${sourceId}\n${lineNo}`, 'utf8').digest('hex').slice(0, 32);
}

/** A line that arrived through the stream has no position: its id is a hash of its content. */
export function streamEventId(site: string, rawLine: string): string {
  return createHash('sha256').update(`stream\n${site}\n${rawLine}`, 'utf8').digest('hex').slice(0, 32);
}
