// What the backend implements: one async method per request, and a subscription to its events.
// Both transports (Electron IPC in src/main/ipc.ts, the WebSocket of src/main/server) call it through dispatch().

import type { ApiEvent } from './events.js';
import type { Method, ParsedParams, Result } from './methods.js';

export type ServiceMethods = {
  readonly [M in Method]: (params: ParsedParams<M>) => Promise<Result<M>>;
};

/**
 * The backend. Methods receive validated params; they answer a typed error by throwing ApiError (errors.ts)
 * and anything else they throw becomes an `internal` error. Their results are validated before they travel.
 */
export interface FusemService extends ServiceMethods {
  /** Calls `listener` for every event; returns the function that stops it. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
}
