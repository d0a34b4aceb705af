/**
 * The run summary of the README's Command line section (`--json` prints exactly this shape): counts, reasons, file names and
 * days — never a line or a field value.
 */
import type { InputErrorCode } from './input/decoded-chunks.ts';

export type FileError = InputErrorCode | 'format_mismatch';

export interface FileSummary {
  path: string;
  format: string;
  lines: number;
  parsed: number;
  malformed: number;
  ignored: number;
  error?: FileError;
  warning?: 'empty';
}

export interface RunSummary {
  files: FileSummary[];
  lines: number;
  parsed: number;
  ignored: number;
  malformed: { total: number; by_reason: Record<string, number> };
  events: number;
  page_views: number;
  visitors: number;
  days: string[];
  frozen_days: string[];
  /** Days computed whole by the tables' SQL in DuckDB; the other days by the in-memory fast path. */
  sql_days: string[];
  /**
   * What k-anonymity hid over the computed days: page views and 404 hits counted in `(other)` rows
   * (paths seen by fewer than `k` visitors in a day), and their shares of all.
   */
  hidden: {
    k: number;
    page_views: number;
    page_views_share: number;
    not_found_hits: number;
    not_found_share: number;
    /** Page views and 404 hits counted under a parent prefix (`/blog/(other)`) instead of their page. */
    generalized_page_views: number;
    generalized_page_views_share: number;
    generalized_not_found_hits: number;
    generalized_not_found_share: number;
  };
  tables: Record<string, number>;
}

export const EXIT_OK = 0;
export const EXIT_INPUT_ERROR = 1;
export const EXIT_USAGE = 2;
export const EXIT_FROZEN = 3;

export function exitCodeOf(summary: RunSummary): number {
  if (summary.files.some((f) => f.error !== undefined)) return EXIT_INPUT_ERROR;
  if (summary.frozen_days.length > 0) return EXIT_FROZEN;
  return EXIT_OK;
}
