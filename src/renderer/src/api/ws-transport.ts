// The browser's transport under `fusem serve`: one WebSocket to the serving host's /api (the token, when the
// server wants one, rides along as its HttpOnly cookie). Messages as src/shared/api/wire.ts describes.
// Connects on first use; when the connection drops, pending requests fail with `internal` and the socket is
// opened again on the next request, or after a pause while anyone listens to events.

import { errorReply, isApiErrorCode, type ErrorReply, type Reply } from '../../../shared/api/errors.js';
import { decodeMessage, encodeMessage } from '../../../shared/api/wire.js';
import type { Transport } from './transport.js';

/** The part of a WebSocket this uses: the DOM's, or the `ws` package's in Node tests. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;
const RECONNECT_MS = [500, 1000, 2000, 5000, 10000];

function asErrorReply(error: unknown): ErrorReply {
  const e = (error ?? {}) as { code?: unknown; message?: unknown };
  return isApiErrorCode(e.code) && typeof e.message === 'string' ? errorReply(e.code, e.message) : errorReply('internal', 'malformed error reply from the server');
}

/** ws://host/api (wss:// under https) for the page's own origin. */
export function pageApiUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`;
}

export function wsTransport(url: string, open: SocketFactory, log: (line: string) => void = console.warn): Transport {
  let socket: SocketLike | null = null;
  let nextId = 1;
  let closed = false;
  let failures = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<number, (reply: Reply<unknown>) => void>();
  const queued: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const listening = (): boolean => [...listeners.values()].some((s) => s.size > 0);

  function onMessage(data: unknown): void {
    let message: unknown;
    try {
      message = decodeMessage(typeof data === 'string' ? data : (data as ArrayBuffer));
    } catch (e) {
      log(`fusem: unreadable message from the server: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as { id?: unknown; ok?: unknown; event?: unknown; payload?: unknown; result?: unknown; error?: unknown };
    if (typeof m.event === 'string') {
      for (const listener of [...(listeners.get(m.event) ?? [])]) listener(m.payload);
      return;
    }
    if (typeof m.id === 'number' && pending.has(m.id)) {
      const resolve = pending.get(m.id)!;
      pending.delete(m.id);
      resolve(m.ok === true ? { ok: true, result: m.result } : asErrorReply(m.error));
      return;
    }
    if (m.ok === false) log(`fusem: the server refused a message: ${JSON.stringify(m.error)}`);
  }

  function connect(): SocketLike {
    if (socket) return socket;
    const s = open(url);
    socket = s;
    s.binaryType = 'arraybuffer';
    s.onopen = () => {
      failures = 0;
      for (const text of queued.splice(0)) s.send(text);
    };
    s.onmessage = (ev) => onMessage(ev.data);
    s.onerror = () => undefined; // onclose follows
    s.onclose = () => {
      if (socket === s) socket = null;
      queued.length = 0;
      for (const resolve of pending.values()) resolve(errorReply('internal', 'the connection to the fusem server closed'));
      pending.clear();
      if (!closed && listening() && reconnectTimer === undefined) {
        const wait = RECONNECT_MS[Math.min(failures++, RECONNECT_MS.length - 1)]!;
        reconnectTimer = setTimeout(() => {
          reconnectTimer = undefined;
          if (!closed && listening()) connect();
        }, wait);
      }
    };
    return s;
  }

  return {
    kind: 'websocket',
    request(method, params) {
      if (closed) return Promise.resolve(errorReply('internal', 'the API client is closed'));
      const id = nextId++;
      const frame = encodeMessage({ id, method, params });
      if (typeof frame !== 'string') return Promise.resolve(errorReply('bad-request', 'requests cannot carry arrays'));
      return new Promise((resolve) => {
        pending.set(id, resolve);
        const s = connect();
        if (s.readyState === OPEN) s.send(frame);
        else queued.push(frame);
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      if (!closed) connect();
      return () => {
        set.delete(listener);
      };
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      socket?.close();
    },
  };
}
