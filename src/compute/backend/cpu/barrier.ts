// Synchronisation of the CPU backend's threads through one shared Int32Array (no message round trips):
// a generation-counting barrier (Atomics.wait/notify after a short spin) and the command word workers wait on.

/** Slots of the control array. */
export const CONTROL = {
  /** Command sequence number: bumped by the main thread to start a command. */
  seq: 0,
  /** The command to run (COMMAND.*). */
  command: 1,
  /** Threads arrived at the current barrier. */
  count: 2,
  /** Barrier generation: bumped when the last thread arrives. */
  generation: 3,
  /** Non-zero once a thread failed: everyone waiting gives up. */
  abort: 4,
  length: 8,
} as const;

/** Commands; bind: take the next PlanInit from the message port (a new problem for the same threads); step: iterate, then the cost terms at the new iterate. */
export const COMMAND = { iterate: 1, costs: 2, exit: 3, bind: 4, step: 5 } as const;

/** Spins before sleeping: a barrier on an idle core is typically passed in a few microseconds. */
const SPINS = 4000;
/** Sleep slice while waiting, so that an abort is noticed. */
const WAIT_SLICE_MS = 200;

export class BarrierAborted extends Error {
  constructor() {
    super('CpuBackend: another thread failed during the computation');
  }
}

/** Waits until all `parties` threads have arrived (Atomics barrier, sense by generation count). */
export function arriveAndWait(control: Int32Array, parties: number): void {
  if (parties <= 1) return;
  const generation = Atomics.load(control, CONTROL.generation);
  if (Atomics.add(control, CONTROL.count, 1) === parties - 1) {
    Atomics.store(control, CONTROL.count, 0);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
    return;
  }
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(control, CONTROL.generation) !== generation) return;
  }
  while (Atomics.load(control, CONTROL.generation) === generation) {
    if (Atomics.load(control, CONTROL.abort) !== 0) throw new BarrierAborted();
    Atomics.wait(control, CONTROL.generation, generation, WAIT_SLICE_MS);
  }
}

/** Marks the computation failed and wakes every waiting thread. */
export function abortAll(control: Int32Array): void {
  Atomics.store(control, CONTROL.abort, 1);
  Atomics.notify(control, CONTROL.generation);
  Atomics.notify(control, CONTROL.seq);
}

/** Main thread: start `command` on the workers. */
export function postCommand(control: Int32Array, command: number): void {
  Atomics.store(control, CONTROL.command, command);
  Atomics.add(control, CONTROL.seq, 1);
  Atomics.notify(control, CONTROL.seq);
}

/** Worker: block until the sequence number moves past `lastSeq` (or the run is aborted); returns the new one. */
export function awaitCommand(control: Int32Array, lastSeq: number): number {
  for (let i = 0; i < SPINS; i++) {
    const s = Atomics.load(control, CONTROL.seq);
    if (s !== lastSeq) return s;
  }
  for (;;) {
    const s = Atomics.load(control, CONTROL.seq);
    if (s !== lastSeq || Atomics.load(control, CONTROL.abort) !== 0) return s;
    Atomics.wait(control, CONTROL.seq, lastSeq);
  }
}
