/**
 * A full garbage collection on demand, for the moments the events thread knows most of its memory
 * has just died (a day computed: its columns and every structure of the computation). Its live heap
 * is small then (10–20 MB), so a collection takes a few milliseconds; left to itself, V8 lets dead
 * array buffers pile up to 64 MB of external memory before it collects, and that garbage set the
 * process's peak. `--expose-gc` set at run time only installs `gc` in contexts created afterwards,
 * hence the fresh context.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

export function collectGarbage(): void {
  if (gc === null) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
