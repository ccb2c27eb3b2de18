// The compute process's side of the channel to its host, as a minimal Port, with adapters for the two Node
// transports. Electron's utilityProcess adapter lives in src/main (this folder has no Electron); it needs:
//   process.parentPort.on('message', (e) => listener(e.data))   // MessagePortMain delivers { data, ports }
//   postMessage: (m) => process.parentPort.postMessage(m)        // structured clone: Float32Arrays are copied
// and an entry that calls serveCompute(thatPort); the main side forks it with utilityProcess.fork() and wraps
// the UtilityProcess (postMessage, on('message'), on('exit', code)) as a ComputeChannel (channel.ts).

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

/** The parent port of a worker_threads Worker; null on the main thread. */
export function workerThreadPort(): Port | null {
  const port = parentPort;
  if (!port) return null;
  return {
    postMessage: (m) => port.postMessage(m),
    on: (_event, listener) => { port.on('message', (m: unknown) => listener(m)); },
  };
}
