#!/usr/bin/env node
// `node agent/sea/bundle-cli.mjs OUT.cjs`: only the SEA bundle, for native builds that inject themselves
// (.github/workflows/native.yml on Windows and macOS runners).
import { resolve } from 'node:path';
import { bundleForSea } from './bundle.mjs';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: node agent/sea/bundle-cli.mjs OUT.cjs\n');
  process.exit(2);
}
process.stdout.write(`${(await bundleForSea(resolve(out))).join('\n')}\n`);
