// Stress input for docs/performance.md ("High-cardinality input"): rewrites a combined log so every
// line has its own client address, request path and referring page, with 40,000 referring sites.
//   node test/bench/high-cardinality.mjs .bench/combined-1000000.log.gz .bench/highcard-1m.log.gz
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: node test/bench/high-cardinality.mjs IN.log.gz OUT.log.gz\n');
  process.exit(2);
}
const out = createGzip({ level: 1 });
out.pipe(createWriteStream(output));
let n = 0;
for await (const line of createInterface({ input: createReadStream(input).pipe(createGunzip()) })) {
  n++;
  const parts = line.split('"');
  if (parts.length < 6) continue;
  const space = parts[0].indexOf(' ');
  parts[0] = `${n % 200}.${Math.floor(n / 200) % 250}.${Math.floor(n / 50000) % 250}.${n % 251}${parts[0].slice(space)}`;
  parts[1] = `${parts[1].split(' ')[0]} /item/${n}/view HTTP/1.1`;
  parts[3] = `https://site${n % 40000}.example.org/page/${n}`;
  if (!out.write(`${parts.join('"')}\n`)) await new Promise((resolve) => out.once('drain', resolve));
}
out.end();
