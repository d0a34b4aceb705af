#!/usr/bin/env node
// Entry point of `npx logveil`: runs the bundle of lib/ (see bundle.mjs), or the TypeScript sources
// through tsx where the bundle cannot be built, so a fresh clone needs no build step either way.
import { bundledCli } from './bundle.mjs';

const bundle = await bundledCli();
let main;
if (bundle !== null) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
