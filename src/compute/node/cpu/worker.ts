// Worker-thread entry of the CPU backend: binds its ThreadPlan, reports ready, then runs commands posted
// through the shared control words until told to exit (no messages after start-up).

import { parentPort, workerData } from 'node:worker_threads';
import { abortAll, awaitCommand, COMMAND, CONTROL } from '../../backend/cpu/barrier.js';
import type { PlanInit } from '../../backend/cpu/plan-init.js';
import { ThreadPlan } from '../../backend/cpu/plan.js';

interface WorkerStart {
  readonly init: PlanInit;
  readonly rank: number;
}

const start = workerData as WorkerStart;
const control = new Int32Array(start.init.control, 0, CONTROL.length);
try {
  const plan = new ThreadPlan(start.init, start.rank);
  let seq = Atomics.load(control, CONTROL.seq);
  parentPort?.postMessage('ready');
  for (;;) {
    seq = awaitCommand(control, seq);
    if (Atomics.load(control, CONTROL.abort) !== 0) break;
    const command = Atomics.load(control, CONTROL.command);
    if (command === COMMAND.exit) break;
    if (command === COMMAND.iterate) plan.iterate();
    else if (command === COMMAND.costs) plan.costs();
  }
} catch (error) {
  abortAll(control);
  throw error;
}
