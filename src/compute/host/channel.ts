// The host's side of one compute process: start it, send it messages, hear its messages and its end.
// Two Node transports: a forked child process (the default: its own heap, killable, isolated) and a worker
// thread. Electron's utilityProcess is a third, supplied by src/main through ComputeHostOptions.spawn.

import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { forkEntry, workerEntry } from '../node/ts-entry.js';
import type { HostMessage } from './protocol.js';

export interface ComputeChannel {
  /** OS process id of the compute process (a worker thread's is the host's own). */
  readonly pid: number | undefined;
  send(message: HostMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process or thread has ended, with why (e.g. "compute process exited with signal SIGKILL"). */
  onExit(listener: (reason: string) => void): void;
  /** Ends the process or thread; resolves once it is gone. */
  close(): Promise<void>;
}

export type ChannelKind = 'child-process' | 'worker-thread';

export interface ChannelOptions {
  /** V8 old-generation limit of the compute heap, MiB (typed arrays live outside it). */
  maxOldSpaceMb?: number;
}

/** The module the compute process runs (compute-main.ts / compute-main.js next to this module). */
const ENTRY = 'compute-main';
/** Characters of the child's stderr kept to explain a crash. */
const STDERR_TAIL = 4096;

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const line = lines.at(-1) ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** A child process started with child_process.fork; its stderr is passed through and its tail kept for crash reports. */
export function forkChannel(opts: ChannelOptions = {}): ComputeChannel {
  const { modulePath, execArgv } = forkEntry(import.meta.url, ENTRY);
  if (opts.maxOldSpaceMb !== undefined) execArgv.push(`--max-old-space-size=${opts.maxOldSpaceMb}`);
  const child: ChildProcess = fork(modulePath, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
  });
  let exitReason: string | null = null;
  const exitListeners: ((reason: string) => void)[] = [];
  const closed = new Promise<void>((resolve) => {
    const ended = (reason: string): void => {
      if (exitReason !== null) return;
      exitReason = reason;
      resolve();
      for (const l of exitListeners) l(reason);
    };
    child.once('error', (e) => { if (child.pid === undefined) ended(`compute process could not start: ${e.message}`); });
    child.once('close', (code, signal) => {
      const how = signal ? `signal ${signal}` : `code ${code}`;
      const tail = code !== 0 || signal ? lastLine(stderr) : '';
      ended(`compute process exited with ${how}${tail ? ` (${tail})` : ''}`);
    });
  });
  return {
    pid: child.pid,
    send: (m) => { if (child.connected) child.send(m, (e) => { if (e) child.kill('SIGKILL'); }); },
    onMessage: (l) => { child.on('message', (m: unknown) => l(m)); },
    onExit: (l) => { if (exitReason !== null) l(exitReason); else exitListeners.push(l); },
    close: async () => {
      if (exitReason === null) child.kill('SIGTERM');
      await closed;
    },
  };
}

/** A worker_threads Worker in the host's process: cheaper to start, but shares the process's fate. */
export function workerChannel(opts: ChannelOptions = {}): ComputeChannel {
  const { entry, eval: isEval } = workerEntry(import.meta.url, ENTRY);
  const worker = new Worker(entry, {
    eval: isEval, execArgv: [],
    ...(opts.maxOldSpaceMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: opts.maxOldSpaceMb } } : {}),
  });
  let failure: Error | null = null;
  let exitReason: string | null = null;
  const exitListeners: ((reason: string) => void)[] = [];
  worker.on('error', (e) => { failure = e; });
  const closed = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      exitReason = failure ? `compute worker failed: ${failure.message} (exit code ${code})` : `compute worker exited with code ${code}`;
      resolve();
      for (const l of exitListeners) l(exitReason);
    });
  });
  return {
    pid: process.pid,
    send: (m) => { if (exitReason === null) worker.postMessage(m); },
    onMessage: (l) => { worker.on('message', (m: unknown) => l(m)); },
    onExit: (l) => { if (exitReason !== null) l(exitReason); else exitListeners.push(l); },
    close: async () => {
      if (exitReason === null) await worker.terminate();
      await closed;
    },
  };
}

export function openChannel(kind: ChannelKind, opts: ChannelOptions = {}): ComputeChannel {
  return kind === 'worker-thread' ? workerChannel(opts) : forkChannel(opts);
}
