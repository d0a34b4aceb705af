// Preloaded by the benchmark (`node --import`) into the real `logveil` command: at exit it writes the
// process's exit code and peak resident memory (all threads) to $BENCH_METRICS. Nothing else changes.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread && process.env.BENCH_METRICS) {
  const file = process.env.BENCH_METRICS;
  process.on('exit', (code) => {
    writeFileSync(file, JSON.stringify({ code, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
  });
}
