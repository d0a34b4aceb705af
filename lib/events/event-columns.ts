/** Events held column by column, as batches carry them between the threads. */
import type { ColumnSource } from '../tables/column-buffer.ts';

/**
 * Rows of events held column by column (EVENTS_TABLE order), as the events thread receives them:
 * sources that append each column's values to a buffer, numbers and booleans (0/1) as typed arrays,
 * and strings as a dictionary plus codes, which intern a day's strings once per dictionary entry
 * instead of once per row — or, for values that hardly repeat, as they are (`plain`).
 */
export interface EventColumns {
  readonly sources: readonly ColumnSource[];
  readonly typed: readonly (Float64Array | Uint8Array | null)[];
  readonly packed: readonly ({ readonly dict: readonly string[]; readonly codes: Int32Array } | null)[];
  /** String columns sent as they are, one value per row; null for the others. */
  readonly plain?: readonly (readonly (string | null)[] | null)[];
  /** The line number of each row (its event id with the source key). */
  readonly lineNos: ArrayLike<number>;
}
