// What the client needs of a transport: send a request and get its reply, listen to an event by name.

import type { Reply } from '../../../shared/api/errors.js';

export interface Transport {
  readonly kind: 'ipc' | 'websocket';
  request(method: string, params: unknown): Promise<Reply<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  close(): void;
}
