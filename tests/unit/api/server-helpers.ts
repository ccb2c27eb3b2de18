// Helpers for the server tests: a static folder with a secret beside it, raw HTTP requests, WebSocket clients.

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { decodeMessage } from '../../../src/shared/api/wire.js';

export interface StaticFixture {
  root: string;
  /** The folder served. */
  dir: string;
  secret: string;
}

/** dir/ (index.html, assets/app.js, .hidden, a symlink out) and a secret.txt beside it that must never be served. */
export function staticFixture(): StaticFixture {
  const root = mkdtempSync(join(tmpdir(), 'fusem-serve-'));
  const dir = join(root, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>fusem</title></head><body></body></html>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(dir, 'assets', 'mod.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(dir, '.hidden'), 'hidden');
  const secret = join(root, 'secret.txt');
  writeFileSync(secret, 'TOP SECRET');
  symlinkSync(secret, join(dir, 'link.txt'));
  return { root, dir, secret };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request with the path sent exactly as given (no normalising of `..`). */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', host = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const req = request({ host, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** A connected WebSocket, or the HTTP status that refused the upgrade. */
export function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket | { refused: number }> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, { ...options });
    ws.once('open', () => ok(ws));
    ws.once('unexpected-response', (_req, res) => {
      ok({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (e) => fail(e));
  });
}

export async function open(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const ws = await connect(url, options);
  if ('refused' in ws) throw new Error(`upgrade refused with ${ws.refused}`);
  return ws;
}

/** The next message on `ws`, decoded. */
export function next(ws: WebSocket, timeoutMs = 5000): Promise<Record<string, unknown>> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('no reply')), timeoutMs);
    ws.once('message', (data, isBinary) => {
      clearTimeout(timer);
      const frame = isBinary ? new Uint8Array(data as Buffer) : (data as Buffer).toString('utf8');
      ok(decodeMessage(frame) as Record<string, unknown>);
    });
  });
}

/** Send `frame` and wait for the next message. */
export async function ask(ws: WebSocket, frame: string | Buffer, binary = false): Promise<Record<string, unknown>> {
  const reply = next(ws);
  ws.send(frame, { binary });
  return reply;
}

export const call = (ws: WebSocket, id: number, method: string, params?: unknown): Promise<Record<string, unknown>> =>
  ask(ws, JSON.stringify({ id, method, params }));
