// The desktop app's transport: the preload's `window.fusem` (Electron IPC to main, src/main/ipc.ts).

import type { FusemBridge } from '../../../shared/api/bridge.js';
import { errorReply, type Reply } from '../../../shared/api/errors.js';
import type { Transport } from './transport.js';

type RawBridge = {
  request(method: string, params?: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
};

export function ipcTransport(bridge: FusemBridge): Transport {
  const raw = bridge as unknown as RawBridge;
  return {
    kind: 'ipc',
    async request(method, params): Promise<Reply<unknown>> {
      try {
        return (await raw.request(method, params)) as Reply<unknown>;
      } catch (e) {
        // No handler registered (main not wired), or the window is going away.
        return errorReply('internal', `IPC request failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    subscribe: (event, listener) => raw.on(event, listener),
    close: () => undefined,
  };
}
