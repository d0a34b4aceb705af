/**
 * The high-cardinality input of `npm run bench` (input c, docs/performance.md "High-cardinality
 * input"): rewrites a combined log so every line has its own client address, request path and
 * referring page, with 40,000 referring sites.
 *
 *   npx tsx test/bench/high-cardinality.ts .bench/generator-1000000.log.gz .bench/highcard-1m.log.gz
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { createGunzip, createGzip } from 'node:zlib';

export async function writeHighCardinality(input: string, output: string): Promise<void> {
  const tmp = `${output}.tmp`;
  const out = createGzip({ level: 1 });
  const file = createWriteStream(tmp);
  out.pipe(file);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(input).pipe(createGunzip()) })) {
    n++;
    const parts = line.split('"');
    if (parts.length < 6) continue;
    const space = parts[0]!.indexOf(' ');
    parts[0] = `${n % 200}.${Math.floor(n / 200) % 250}.${Math.floor(n / 50000) % 250}.${n % 251}${parts[0]!.slice(space)}`;
    parts[1] = `${parts[1]!.split(' ')[0]} /item/${n}/view HTTP/1.1`;
    parts[3] = `https://site${n % 40000}.example.org/page/${n}`;
    if (!out.write(`${parts.join('"')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(file, 'close');
  await rename(tmp, output);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    process.stderr.write('usage: npx tsx test/bench/high-cardinality.ts IN.log.gz OUT.log.gz\n');
    process.exit(2);
  }
  await writeHighCardinality(resolve(input), resolve(output));
}
