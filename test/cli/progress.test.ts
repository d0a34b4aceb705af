import { describe, expect, it } from 'vitest';
import { ProgressBar, renderProgress } from '../../lib/cli/progress.ts';

describe('renderProgress', () => {
  it('shows the share of bytes, the rate and the time left', () => {
    const line = renderProgress(25 * 1048576, 100_000, 100 * 1048576, 10);
    expect(line).toContain(' 25.0%');
    expect(line).toContain('25.0 MiB / 100.0 MiB');
    expect(line).toContain('10,000 lines/s');
    expect(line).toContain('ETA 0:30');
    expect(line.match(/█/g)).toHaveLength(6);
  });

  it('has no bar or ETA when the total is unknown (stdin)', () => {
    const line = renderProgress(3 * 1048576, 5000, null, 2);
    expect(line).toBe('3.0 MiB read  5,000 lines  2,500 lines/s');
  });

  it('writes hours past an hour and never passes 100%', () => {
    expect(renderProgress(1, 1, 10_000, 1)).toContain('ETA 2:46:39');
    expect(renderProgress(200, 10, 100, 1)).toContain('100.0%');
  });
});

describe('ProgressBar', () => {
  it('redraws at most every 150 ms on one line and erases itself at the end', () => {
    let t = 0;
    const out: string[] = [];
    const bar = new ProgressBar(
      (s) => out.push(s),
      1000,
      () => t,
    );
    bar.update(10, 1);
    t = 100;
    bar.update(20, 2);
    t = 160;
    bar.update(30, 3);
    expect(out).toHaveLength(2);
    for (const s of out) expect(s.startsWith('\r\x1b[K')).toBe(true);
    bar.status('computing aggregates…');
    bar.finish();
    expect(out.at(-1)).toBe('\r\x1b[K');
    expect(out.at(-2)).toBe('\r\x1b[Kcomputing aggregates…');
  });

  it('writes nothing at all when never updated', () => {
    const out: string[] = [];
    const bar = new ProgressBar(
      (s) => out.push(s),
      null,
      () => 0,
    );
    bar.status('x');
    bar.finish();
    expect(out).toEqual([]);
  });
});
