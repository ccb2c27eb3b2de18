/**
 * The compute process of the desktop app (DESIGN.md §2): the compiled compute entry (lib/compute/host/
 * compute-main.js) in an Electron utility process, wrapped as the compute host's ComputeChannel.
 */
import { utilityProcess } from 'electron';
import type { ComputeChannel } from '../compute/host/channel.js';

export function utilityComputeChannel(entry: string): ComputeChannel {
  const child = utilityProcess.fork(entry, [], { serviceName: 'fusem compute', stdio: 'inherit' });
  let exited = false;
  child.once('exit', () => { exited = true; });
  return {
    get pid() { return child.pid; },
    send: (message) => { child.postMessage(message); },
    onMessage: (listener) => { child.on('message', listener); },
    onExit: (listener) => { child.once('exit', (code) => listener(`compute process exited with code ${code}`)); },
    close: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    }),
  };
}
