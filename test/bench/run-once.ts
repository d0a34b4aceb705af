/**
 * Runs one `logveil run` in this process and writes wall time and peak RSS to $BENCH_METRICS, so the
 * benchmark measures the real command without instrumenting the product.
 */
import { writeFileSync } from 'node:fs';
import { main } from '../../lib/cli/main.ts';

const started = performance.now();
const code = await main(process.argv.slice(2));
const wallMs = performance.now() - started;
const metrics = { code, wallMs, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
if (process.env.BENCH_METRICS) writeFileSync(process.env.BENCH_METRICS, JSON.stringify(metrics));
process.exitCode = code;
