// The compute process's side of the channel to its host, as a minimal Port, with adapters for the three
// transports: a forked child, a worker thread, and Electron's utility process (whose `process.parentPort` is
// used without importing Electron; the main side is src/main/compute-channel.ts).

import { parentPort } from 'node:worker_threads';
import type { ComputeMessage } from './protocol.js';

export interface Port {
  postMessage(message: ComputeMessage): void;
  on(event: 'message', listener: (message: unknown) => void): void;
}

/** The IPC channel of a process started by child_process.fork (with serialization 'advanced'); null if none. */
export function childProcessPort(): Port | null {
  const send = process.send?.bind(process);
  if (!send) return null;
  process.once('disconnect', () => process.exit(0)); // the host is gone: nothing left to serve
  return {
    postMessage: (m) => {
      if (process.connected) send(m, undefined, undefined, () => undefined); // a send after disconnect is dropped
    },
    on: (_event, listener) => { process.on('message', (m: unknown) => listener(m)); },
  };
}

/** Electron's utility-process parent port (MessagePortMain: messages arrive as { data }); null elsewhere. */
export function utilityProcessPort(): Port | null {
  interface ParentPort { on(event: 'message', listener: (e: { data: unknown }) => void): void; postMessage(message: unknown): void }
  const parent = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (!parent) return null;
  return {
    postMessage: (m) => parent.postMessage(m), // structured clone: Float32Arrays are copied
    on: (_event, listener) => { parent.on('message', (e) => listener(e.data)); },
  };
}

/** The parent port of a worker_threads Worker; null on the main thread. */
export function workerThreadPort(): Port | null {
  const port = parentPort;
  if (!port) return null;
  return {
    postMessage: (m) => port.postMessage(m),
    on: (_event, listener) => { port.on('message', (m: unknown) => listener(m)); },
  };
}
