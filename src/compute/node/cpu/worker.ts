// Worker-thread entry of the CPU backend: binds its ThreadPlan, reports ready, then runs commands posted
// through the shared control words until told to exit. A new problem for the same threads (COMMAND.bind) comes
// as one message, read synchronously; the thread keeps its wasm memory from one problem to the next.

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { abortAll, arriveAndWait, awaitCommand, COMMAND, CONTROL } from '../../backend/cpu/barrier.js';
import type { PlanInit } from '../../backend/cpu/plan-init.js';
import { createPlan } from '../../backend/cpu/plan.js';
import type { ThreadWasm } from '../../backend/cpu/wasm-plan.js';

interface WorkerStart {
  readonly init: PlanInit;
  readonly rank: number;
}

const start = workerData as WorkerStart;
const control = new Int32Array(start.init.control, 0, CONTROL.length);
const threads = start.init.threads;
try {
  let plan = createPlan(start.init, start.rank, null);
  let wasm: ThreadWasm | null = plan.wasm ?? null;
  let seq = Atomics.load(control, CONTROL.seq);
  parentPort?.postMessage('ready');
  for (;;) {
    seq = awaitCommand(control, seq);
    if (Atomics.load(control, CONTROL.abort) !== 0) break;
    const command = Atomics.load(control, CONTROL.command);
    if (command === COMMAND.exit) break;
    if (command === COMMAND.iterate) plan.iterate();
    else if (command === COMMAND.costs) plan.costs();
    else if (command === COMMAND.step) plan.step();
    else if (command === COMMAND.bind) {
      const received = parentPort ? receiveMessageOnPort(parentPort) : undefined;
      if (!received) throw new Error(`CpuBackend worker ${start.rank}: bind without a problem`);
      plan = createPlan(received.message as PlanInit, start.rank, wasm);
      wasm = plan.wasm ?? wasm;
      arriveAndWait(control, threads);
    }
  }
} catch (error) {
  abortAll(control);
  throw error;
}
