// Starting and stopping the CPU backend's worker threads. The entry runs from compiled JS (lib/…/worker.js)
// and from the TypeScript sources under vitest or tsx, where it is worker.ts started with tsx's loader.

import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlanInit } from './plan-init.js';

/** URL of tsx's ESM API (its `register()` installs the TypeScript hooks in the calling thread). */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}

/** The worker to start: compiled worker.js, or worker.ts behind tsx's ESM hooks (registered in the worker itself). */
function workerEntry(): { entry: URL | string; eval: boolean } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { entry: new URL('./worker.js', here), eval: false };
  const worker = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsxEsmApi(here))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`;
  return { entry: boot, eval: true };
}

/** Starts workers for ranks 1 … threads−1 and resolves once all have bound their plan. */
export async function startWorkers(init: PlanInit, onError: (error: Error) => void): Promise<Worker[]> {
  const { entry, eval: isEval } = workerEntry();
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  for (let rank = 1; rank < init.threads; rank++) {
    const worker = new Worker(entry, { workerData: { init, rank }, eval: isEval, execArgv: [] });
    workers.push(worker);
    ready.push(
      new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`CpuBackend: worker ${rank} exited (${code}) during start-up`)));
      }),
    );
  }
  try {
    await Promise.all(ready);
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  for (const w of workers) {
    w.removeAllListeners('exit');
    w.removeAllListeners('error');
    w.on('error', onError); // the failing worker also raises the abort flag
    w.unref();
  }
  return workers;
}
