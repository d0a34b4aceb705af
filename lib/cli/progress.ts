/**
 * A one-line progress display for long runs on a terminal: bytes read of the total, lines per second
 * and the time left. It redraws at most a few times a second and erases itself when done, so the
 * summary that follows starts on a clean line. Only counts are shown, never input.
 */

const BAR_WIDTH = 24;
const REDRAW_MS = 150;

export class ProgressBar {
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    /** Total bytes of all inputs, or null when unknown (stdin). */
    private readonly total: number | null,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** `bytes` and `lines` are the run's totals so far. */
  update(bytes: number, lines: number): void {
    const t = this.now();
    if (t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.drawn = true;
    this.write(`\r\x1b[K${renderProgress(bytes, lines, this.total, (t - this.started) / 1000)}`);
  }

  /** Replaces the bar with a short note on what the run is doing now. */
  status(text: string): void {
    if (!this.drawn) return;
    this.write(`\r\x1b[K${text}`);
  }

  /** Erases the line if anything was drawn. */
  finish(): void {
    if (this.drawn) this.write('\r\x1b[K');
    this.drawn = false;
  }
}

export function renderProgress(bytes: number, lines: number, total: number | null, seconds: number): string {
  const rate = seconds > 0 ? Math.round(lines / seconds) : 0;
  const speed = `${rate.toLocaleString('en-US')} lines/s`;
  if (total === null || total <= 0)
    return `${mib(bytes)} read  ${lines.toLocaleString('en-US')} lines  ${speed}`;
  const fraction = Math.min(1, bytes / total);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  const eta = fraction > 0 && seconds > 0 ? clock((seconds * (1 - fraction)) / fraction) : '--:--';
  return `${bar} ${(100 * fraction).toFixed(1).padStart(5)}%  ${mib(bytes)} / ${mib(total)}  ${speed}  ETA ${eta}`;
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

function clock(seconds: number): string {
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
