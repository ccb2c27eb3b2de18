// The renderer's API client: the same typed interface over Electron IPC (window.fusem, in the desktop app) and
// over the WebSocket of `fusem serve` (in a browser). Replies and events are validated against the contract;
// an error reply rejects with ApiError, so callers branch on `code` alike over both transports.

import { ApiError } from '../../../shared/api/errors.js';
import { EVENTS, describeIssues, type EventName, type EventPayload } from '../../../shared/api/events.js';
import { METHODS, type Method, type NoParamsMethod, type Params, type Result } from '../../../shared/api/methods.js';
import type { FusemBridge } from '../../../shared/api/bridge.js';
import { ipcTransport } from './ipc-transport.js';
import type { Transport } from './transport.js';
import { pageApiUrl, wsTransport, type SocketFactory } from './ws-transport.js';

/** Params may be left out of requests that take none. */
export type ParamsArg<M extends Method> = M extends NoParamsMethod ? [params?: Params<M>] : [params: Params<M>];

export interface ApiClient {
  readonly transport: 'ipc' | 'websocket';
  /** Resolves with the validated result; rejects with ApiError. */
  request<M extends Method>(method: M, ...params: ParamsArg<M>): Promise<Result<M>>;
  /** Listen to an event; returns the function that stops. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  close(): void;
}

export function clientOver(transport: Transport, log: (line: string) => void = console.warn): ApiClient {
  return {
    transport: transport.kind,
    async request<M extends Method>(method: M, ...[params]: ParamsArg<M>): Promise<Result<M>> {
      const reply = await transport.request(method, params ?? {});
      if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
      const checked = METHODS[method].result.safeParse(reply.result);
      if (!checked.success) throw new ApiError('internal', `invalid reply to ${method}: ${describeIssues(checked.error, 'result')}`);
      return checked.data as Result<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return transport.subscribe(event, (payload) => {
        const checked = EVENTS[event].safeParse(payload);
        if (!checked.success) {
          log(`fusem: dropped an invalid ${event} event: ${describeIssues(checked.error, 'payload')}`);
          return;
        }
        listener(checked.data as EventPayload<E>);
      });
    },
    close: () => transport.close(),
  };
}

export interface ApiClientOptions {
  /** The preload's bridge (default: window.fusem). */
  bridge?: FusemBridge | null;
  /** The API's WebSocket URL (default: the page's own /api, when the page says `fusem serve` served it). */
  webSocketUrl?: string | null;
  /** Opens the WebSocket (default: the browser's WebSocket). */
  openSocket?: SocketFactory;
}

/** True when the page came from `fusem serve` (it adds `<meta name="fusem-transport" content="websocket">`). */
function servedByFusem(): boolean {
  return typeof document !== 'undefined' && document.querySelector('meta[name="fusem-transport"]')?.getAttribute('content') === 'websocket';
}

/**
 * The client for this page: over window.fusem in the desktop app, over a WebSocket to the serving host under
 * `fusem serve`, or null when the page has no backend (the bare built renderer on a plain static server).
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient | null {
  const exposed = typeof window !== 'undefined' ? ((window as { fusem?: FusemBridge }).fusem ?? null) : null;
  const bridge = options.bridge !== undefined ? options.bridge : exposed;
  if (bridge) return clientOver(ipcTransport(bridge));
  const url = options.webSocketUrl !== undefined ? options.webSocketUrl : servedByFusem() ? pageApiUrl(window.location) : null;
  if (!url) return null;
  const open: SocketFactory = options.openSocket ?? ((u) => new WebSocket(u) as unknown as ReturnType<SocketFactory>);
  return clientOver(wsTransport(url, open));
}
