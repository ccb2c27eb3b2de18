// Starting and stopping the CPU backend's worker threads. The entry runs from compiled JS (lib/…/worker.js)
// and from the TypeScript sources under vitest or tsx, where it is worker.ts started with tsx's loader.

import { Worker } from 'node:worker_threads';
import { workerEntry } from '../ts-entry.js';

/** What a worker thread starts with: its rank, the thread count and the shared control words (its first problem comes by COMMAND.bind). */
export interface WorkerStart {
  readonly rank: number;
  readonly threads: number;
  readonly control: SharedArrayBuffer;
}

/** Starts ranks 1 … threads − 1 and waits until each has loaded its code; they then wait for a problem (COMMAND.bind). */
export async function startWorkers(threads: number, control: SharedArrayBuffer, onError: (error: Error) => void): Promise<Worker[]> {
  const { entry, eval: isEval } = workerEntry(import.meta.url, 'worker');
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  for (let rank = 1; rank < threads; rank++) {
    const workerData: WorkerStart = { rank, threads, control };
    const worker = new Worker(entry, { workerData, eval: isEval, execArgv: [] });
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
