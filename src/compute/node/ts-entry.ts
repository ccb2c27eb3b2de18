// How to start a sibling module (the compute host's compute-main, the CPU backend's worker) in a child process or
// a worker thread, from compiled JS (lib/…/name.js) or from the TypeScript sources under vitest or tsx, where the
// caller's URL ends in .ts and the child needs tsx's loader:
// - a forked child: `--import <tsx loader>` in execArgv (module.register hooks; works on Node ≥ 20.6);
// - a worker thread: `--import` in a Worker's execArgv does not install the hooks on Node 20, so the worker is an
//   eval'd boot script that registers tsx's ESM API in the worker itself and then imports the entry.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function isTypeScript(here: string): boolean {
  return here.endsWith('.ts');
}

/** URL of the sibling module `name` of `here`, with the extension `here` has (.ts from sources, .js compiled). */
function sibling(here: string, name: string): URL {
  return new URL(`./${name}${isTypeScript(here) ? '.ts' : '.js'}`, here);
}

/** file: URL of a subpath export of tsx (its `import` condition), resolved from `from`. */
function tsxExport(from: string, subpath: '.' | './esm/api'): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  type Target = string | { import: string | { default: string } };
  const target = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, Target> }).exports[subpath];
  const file = typeof target === 'string' ? target : typeof target?.import === 'string' ? target.import : target?.import.default;
  if (!file) throw new Error(`tsx has no "${subpath}" export: cannot start TypeScript sources in a child`);
  return pathToFileURL(join(dirname(manifest), file)).href;
}

/** Module path and execArgv for child_process.fork of the sibling module `name` of `here`. */
export function forkEntry(here: string, name: string): { modulePath: string; execArgv: string[] } {
  const modulePath = fileURLToPath(sibling(here, name));
  return { modulePath, execArgv: isTypeScript(here) ? ['--import', tsxExport(here, '.')] : [] };
}

/** The first argument and `eval` option of new Worker() for the sibling module `name` of `here`. */
export function workerEntry(here: string, name: string): { entry: URL | string; eval: boolean } {
  const url = sibling(here, name);
  if (!isTypeScript(here)) return { entry: url, eval: false };
  const boot = `import(${JSON.stringify(tsxExport(here, './esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return { entry: boot, eval: true };
}
