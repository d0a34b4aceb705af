#!/usr/bin/env node
// Entry point of `logveil`. In a checkout: the bundle of lib/ (see bundle.mjs), or the TypeScript
// sources through tsx where the bundle cannot be built, so a fresh clone needs no build step either
// way. In an installed package: the CLI built when it was packed (dist/).
import { pathToFileURL } from 'node:url';
import { cliModule } from './bundle.mjs';

const entry = await cliModule();
let main;
if (entry !== null) {
  ({ main } = await import(pathToFileURL(entry).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
