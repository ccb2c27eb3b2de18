// Worker-thread entry of the CPU backend: reports ready once its code is loaded, then runs commands posted
// through the shared control words until told to exit. Each problem (COMMAND.bind, the first included) comes
// as one message, read synchronously; the thread keeps its wasm memory from one problem to the next.

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { abortAll, arriveAndWait, awaitCommand, COMMAND, CONTROL } from '../../backend/cpu/barrier.js';
import type { PlanInit } from '../../backend/cpu/plan-init.js';
import { createPlan, type ThreadPlan } from '../../backend/cpu/plan.js';
import type { ThreadWasm } from '../../backend/cpu/wasm-plan.js';
import type { WorkerStart } from './workers.js';

const start = workerData as WorkerStart;
const control = new Int32Array(start.control, 0, CONTROL.length);
const threads = start.threads;
try {
  let plan: ThreadPlan | null = null;
  let wasm: ThreadWasm | null = null;
  let seq = Atomics.load(control, CONTROL.seq);
  parentPort?.postMessage('ready');
  for (;;) {
    seq = awaitCommand(control, seq);
    if (Atomics.load(control, CONTROL.abort) !== 0) break;
    const command = Atomics.load(control, CONTROL.command);
    if (command === COMMAND.exit) break;
    if (command !== COMMAND.bind && !plan) throw new Error(`CpuBackend worker ${start.rank}: command ${command} before a problem`);
    if (command === COMMAND.iterate) plan!.iterate();
    else if (command === COMMAND.costs) plan!.costs();
    else if (command === COMMAND.step) plan!.step();
    else if (command === COMMAND.bind) {
      const received = parentPort ? receiveMessageOnPort(parentPort) : undefined;
      if (!received) throw new Error(`CpuBackend worker ${start.rank}: bind without a problem`);
      const bound = createPlan(received.message as PlanInit, start.rank, wasm);
      wasm = bound.wasm ?? wasm;
      plan = bound;
      arriveAndWait(control, threads);
    }
  }
} catch (error) {
  abortAll(control);
  throw error;
}
