// One WebSocket client of the API: requests in (text JSON, capped), replies and events out (wire.ts). Whatever
// arrives gets an answer, and the connection keeps serving: malformed messages are answered with `bad-request`.

import type { RawData, WebSocket } from 'ws';
import {
  dispatch, encodeMessage, errorReply, isRequestId, type ApiEvent, type DispatchOptions, type ErrorReply, type FusemService,
  type RequestId,
} from '../../shared/api/index.js';

export interface ConnectionLimits {
  /** Largest request answered, bytes; a larger one gets `bad-request` (up to ws's hard cap, which closes). */
  maxMessageBytes: number;
  /** Requests one connection may have running at once. */
  maxInFlight: number;
  /** Progress events are skipped for a client this far behind (bytes queued), so a slow link cannot pile up previews. */
  maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: Readonly<ConnectionLimits> = Object.freeze({
  maxMessageBytes: 1024 * 1024,
  maxInFlight: 64,
  maxBufferedBytes: 16 * 1024 * 1024,
});

function size(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((s, b) => s + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

export class ApiConnection {
  private inFlight = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly service: FusemService,
    private readonly options: DispatchOptions,
    private readonly limits: ConnectionLimits,
  ) {
    socket.on('message', (data, isBinary) => {
      // onMessage answers everything itself; only a failure to send gets here, and then the connection is beyond use.
      this.onMessage(data, isBinary).catch(() => socket.terminate());
    });
    // ws reports protocol errors (a frame over its hard cap, bad UTF-8) here, then closes: nothing to do but not crash.
    socket.on('error', () => undefined);
  }

  /** Pass one already-validated event on (the server encodes it once for all connections). */
  sendEvent(event: ApiEvent, frame: string | Uint8Array): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (event.event === 'fusion.progress' && this.socket.bufferedAmount > this.limits.maxBufferedBytes) return;
    this.socket.send(frame);
  }

  private send(message: unknown): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(encodeMessage(message));
  }

  private refuse(id: RequestId | null, reply: ErrorReply): void {
    this.send({ id, ...reply });
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    const bytes = size(data);
    if (bytes > this.limits.maxMessageBytes) {
      this.refuse(null, errorReply('bad-request', `message too large (${bytes} bytes; at most ${this.limits.maxMessageBytes})`));
      return;
    }
    if (isBinary) {
      this.refuse(null, errorReply('bad-request', 'requests are JSON text frames, not binary'));
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(text(data));
    } catch {
      this.refuse(null, errorReply('bad-request', 'a request must be JSON: { "id": 1, "method": "…", "params": { … } }'));
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.refuse(null, errorReply('bad-request', 'a request must be a JSON object { id, method, params }'));
      return;
    }
    const { id, method, params } = message as { id?: unknown; method?: unknown; params?: unknown };
    if (!isRequestId(id)) {
      this.refuse(null, errorReply('bad-request', 'a request needs an id: a non-negative integer or a string of 1–64 characters'));
      return;
    }
    if (this.inFlight >= this.limits.maxInFlight) {
      this.refuse(id, errorReply('bad-request', `too many requests at once (at most ${this.limits.maxInFlight} per connection)`));
      return;
    }
    this.inFlight++;
    try {
      const reply = await dispatch(this.service, { method, params }, this.options);
      this.send({ id, ...reply });
    } finally {
      this.inFlight--;
    }
  }
}
