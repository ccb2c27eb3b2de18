// `fusem serve`'s server: the built renderer over HTTP and the API over a WebSocket at /api, on node:http and ws.
// Bound to 127.0.0.1 by default; any other address needs a token, which every request and upgrade must then
// present. A tokenless server answers only its own Host names and same-origin WebSockets, so a web page elsewhere
// (or on a DNS-rebinding name) cannot drive it.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkEvent, encodeMessage, type DispatchOptions, type FusemService } from '../../shared/api/index.js';
import { authenticate, MIN_TOKEN_LENGTH, tokenCookie } from './auth.js';
import { ApiConnection, DEFAULT_LIMITS, type ConnectionLimits } from './connection.js';
import { allowedHostHeaders, authority, DEFAULT_HOST, isDefaultHost } from './hosts.js';
import { SECURITY_HEADERS, sendText, serveStatic } from './static-files.js';

/** Where the API's WebSocket is. */
export const API_PATH = '/api';

/** Frames above this close the connection (ws's maxPayload); below it, over limits.maxMessageBytes, get an error reply. */
export const HARD_MAX_PAYLOAD = 16 * 1024 * 1024;

export interface ServerOptions {
  service: FusemService;
  /** Default 127.0.0.1. Anything but 127.0.0.1 / localhost requires `token`. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Required of every request and upgrade when given (and required when `host` is not the default). */
  token?: string;
  /** Refuse mutating requests (`forbidden`): for watching a fusion from another computer. */
  readOnly?: boolean;
  /** The built renderer (out/renderer). */
  staticDir: string;
  limits?: Partial<ConnectionLimits>;
  /** Told about internal errors and dropped events (default: stderr). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** The page's URL (without the token). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting, closes every connection, unsubscribes from the service. */
  close(): Promise<void>;
}

export class ServeConfigError extends Error {
  override readonly name = 'ServeConfigError';
}

/** Problems with the options that must stop the server from starting. */
export function checkServerOptions(o: Pick<ServerOptions, 'host' | 'port' | 'token'>): string | null {
  const host = o.host ?? DEFAULT_HOST;
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) return `port must be an integer from 0 to 65535 (got ${o.port})`;
  if (o.token !== undefined && o.token.length < MIN_TOKEN_LENGTH) return `the token must be at least ${MIN_TOKEN_LENGTH} characters long`;
  if (o.token !== undefined && !/^[\x21-\x7e]+$/.test(o.token)) return 'the token must be printable ASCII without spaces';
  if (!isDefaultHost(host) && o.token === undefined) {
    return `--host ${host} serves beyond this machine's default address and needs --token (a secret of ${MIN_TOKEN_LENGTH}+ characters)`;
  }
  return null;
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const problem = checkServerOptions(options);
  if (problem) throw new ServeConfigError(problem);
  const host = options.host ?? DEFAULT_HOST;
  const { token, service } = options;
  const staticDir = resolve(options.staticDir);
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dispatchOptions: DispatchOptions = {
    readOnly: options.readOnly ?? false,
    onInternalError: (m, e) => log(`fusem serve: ${m}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  };
  let port = options.port;
  let hostHeaders = allowedHostHeaders(port);

  /** The parsed URL of an acceptable request, or why not (status, reason). */
  const admit = (req: IncomingMessage): { url: URL; via: string | null } | { status: number; reason: string } => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://fusem.invalid');
    } catch {
      return { status: 400, reason: 'Bad Request' };
    }
    if (token === undefined) {
      // Tokenless: only requests naming this machine (no DNS rebinding).
      if (!hostHeaders.has(String(req.headers.host ?? '').toLowerCase())) return { status: 403, reason: 'Forbidden' };
      return { url, via: null };
    }
    const via = authenticate(req, url, token, port);
    return via === null ? { status: 401, reason: 'Unauthorized' } : { url, via };
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const admitted = admit(req);
    if ('status' in admitted) {
      sendText(res, admitted.status, admitted.status === 401 ? 'a token is required: open the URL fusem serve printed' : admitted.reason,
        admitted.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
      return;
    }
    const { url, via } = admitted;
    if (via === 'query' && token !== undefined) {
      // First page load with ?token=: keep it in a cookie, and take it out of the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, { ...SECURITY_HEADERS, 'set-cookie': tokenCookie(token, port), location: url.pathname + url.search, 'content-length': '0' });
      res.end();
      return;
    }
    if (url.pathname === API_PATH) {
      sendText(res, 426, 'the API is a WebSocket', { upgrade: 'websocket' });
      return;
    }
    serveStatic(req, res, staticDir, url).catch((e: unknown) => {
      log(`fusem serve: ${req.url ?? ''}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  };

  const http = createServer(onRequest);
  http.headersTimeout = 20_000;
  http.requestTimeout = 60_000;
  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD, perMessageDeflate: false });
  const connections = new Map<WebSocket, ApiConnection>();

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const admitted = admit(req);
    if ('status' in admitted) return rejectUpgrade(socket, admitted.status, admitted.reason);
    if (admitted.url.pathname !== API_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    // A browser always sends Origin: it must be this server's own page (no cross-site WebSocket hijacking).
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${String(req.headers.host ?? '')}`) return rejectUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections.set(ws, new ApiConnection(ws, service, dispatchOptions, limits));
      ws.on('close', () => connections.delete(ws));
    });
  });

  const unsubscribe = service.subscribe((raw) => {
    const checked = checkEvent(raw);
    if (!checked.ok) {
      log(`fusem serve: dropped an invalid event: ${checked.problem}`);
      return;
    }
    if (connections.size === 0) return;
    const frame = encodeMessage(checked.event);
    for (const c of connections.values()) c.sendEvent(checked.event, frame);
  });

  try {
    await new Promise<void>((ok, fail) => {
      http.once('error', fail);
      http.listen(options.port, host, () => {
        http.off('error', fail);
        ok();
      });
    });
  } catch (e) {
    unsubscribe();
    throw e;
  }
  port = (http.address() as AddressInfo).port;
  hostHeaders = allowedHostHeaders(port);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${authority(host, port)}/`,
    host,
    port,
    close: () =>
      (closing ??= new Promise<void>((ok) => {
        unsubscribe();
        for (const ws of connections.keys()) ws.terminate();
        wss.close();
        http.close(() => ok());
        http.closeAllConnections();
      })),
  };
}
