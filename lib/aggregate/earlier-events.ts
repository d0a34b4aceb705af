/**
 * Events files an earlier run wrote for a source. Processing a source again replaces them, whatever
 * options changed: a corrected `--site` or `--format` keeps the source's key (it depends on the
 * input only), and a changed `--tz` moves events to other hours, whose files are found here, not
 * by overwriting. Listed once per run, before it writes anything.
 */

import { EVENTS_TABLE } from '../events/schema.ts';
import type { Store } from '../store/store.ts';
import { forgetSources } from './day-sources.ts';

/** `events/dt=D/hour=H/<source key>[-<part>].parquet` */
const EVENTS_FILE = /^[^/]+\/dt=(\d{4}-\d{2}-\d{2})\/hour=\d{2}\/([0-9a-f]+)(?:-\d+)?\.parquet$/;

export class EarlierEvents {
  private constructor(private readonly bySource: Map<string, Array<{ key: string; day: string }>>) {}

  static async index(store: Store): Promise<EarlierEvents> {
    const bySource = new Map<string, Array<{ key: string; day: string }>>();
    for await (const object of store.list(`${EVENTS_TABLE.prefix}/`)) {
      const match = EVENTS_FILE.exec(object.key);
      if (match === null) continue;
      const [, day, source] = match as unknown as [string, string, string];
      const files = bySource.get(source);
      if (files) files.push({ key: object.key, day });
      else bySource.set(source, [{ key: object.key, day }]);
    }
    return new EarlierEvents(bySource);
  }

  /**
   * Deletes the files earlier runs wrote for these source keys (each key once per run: a second
   * copy of a file in the same run keeps what the first wrote); returns the days they held, which
   * must be computed again.
   */
  async remove(store: Store, sourceKeys: readonly string[]): Promise<string[]> {
    const byDay = new Map<string, string[]>();
    for (const source of sourceKeys) {
      for (const file of this.bySource.get(source) ?? []) {
        await store.deleteObject(file.key);
        byDay.set(file.day, [...(byDay.get(file.day) ?? []), file.key]);
      }
      this.bySource.delete(source);
    }
    // Replaced on purpose, not expired: the day is not frozen by their absence.
    for (const [day, keys] of byDay) await forgetSources(store, day, keys);
    return [...byDay.keys()].sort();
  }
}
