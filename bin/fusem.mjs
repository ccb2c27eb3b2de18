#!/usr/bin/env node
// The `fusem` command: runs the compiled CLI in lib/ (built by `npm run build:node`, which `npm ci` runs as `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../lib/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('fusem: the command line is not built yet; run `npm run build:node` (npm ci does it) in the fusem folder\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
