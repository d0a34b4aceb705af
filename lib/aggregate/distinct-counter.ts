/**
 * Distinct visitors of a group, counted exactly (the contract: no sketch). Memory is one entry per
 * distinct visitor of each group, so at most one per event and table: it grows with the day, like
 * the day's columns, not with the input.
 */

export class DistinctCounter {
  /**
   * The one id seen while there is only one: most groups of a busy day (a rarely visited path, a
   * transition, a referrer) never see a second visitor, and a Set for each cost about 100 bytes.
   */
  private first: string | null = null;
  private ids: Set<string> | null = null;

  add(id: string): void {
    if (this.ids) {
      this.ids.add(id);
      return;
    }
    if (this.first === null || this.first === id) {
      this.first = id;
      return;
    }
    this.ids = new Set([this.first, id]);
    this.first = null;
  }

  /** Adds everything another counter has seen (for `(other)` rows and totals). */
  merge(other: DistinctCounter): void {
    if (other.ids) for (const id of other.ids) this.add(id);
    else if (other.first !== null) this.add(other.first);
  }

  get size(): number {
    return this.ids ? this.ids.size : this.first === null ? 0 : 1;
  }
}
