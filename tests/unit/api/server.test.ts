// The `fusem serve` server over real sockets: the API over a WebSocket, the renderer over HTTP, tokens,
// read-only, the Host/Origin checks, and a fuzz of malformed messages.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/server/static-files.js';
import { ServeConfigError, startServer, type RunningServer } from '../../../src/main/server/index.js';
import { METHOD_NAMES } from '../../../src/shared/api/index.js';
import { fakeService, type FakeService } from './fake-service.js';
import { ask, call, connect, next, open, rawGet, staticFixture } from './server-helpers.js';

const fixture = staticFixture();
const TOKEN = 'correct-horse-battery-staple';
const running: RunningServer[] = [];
const sockets: WebSocket[] = [];

async function serve(options: { host?: string; token?: string; readOnly?: boolean; service?: FakeService } = {}): Promise<RunningServer & { service: FakeService; ws: string }> {
  const service = options.service ?? fakeService();
  const server = await startServer({ service, port: 0, staticDir: fixture.dir, log: () => undefined, ...options });
  running.push(server);
  return Object.assign(server, { service, ws: `ws://${server.url.slice('http://'.length)}api` });
}

async function ws(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const s = await open(url, options);
  sockets.push(s);
  return s;
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('the API over the WebSocket', () => {
  it('answers requests, echoing the id; arrays arrive as Float32Arrays', async () => {
    const server = await serve();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const s = await ws(server.ws);
    expect(await call(s, 1, 'app.version')).toEqual({ id: 1, ok: true, result: { version: '9.9.9' } });
    const got = await ask(s, JSON.stringify({ id: 'abc', method: 'dataset.get', params: { datasetId: 'ds-1' } }));
    expect(got).toMatchObject({ id: 'abc', ok: true });
    const haadf = (got['result'] as { haadf: { data: Float32Array } }).haadf.data;
    expect(haadf).toBeInstanceOf(Float32Array);
    expect(Array.from(haadf)).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
    expect(await call(s, 2, 'dataset.get', { datasetId: 'ds-9' })).toEqual({ id: 2, ok: false, error: { code: 'not-found', message: 'no dataset ds-9' } });
  });

  it('pushes valid events to every client (previews as binary frames) and drops invalid ones', async () => {
    const server = await serve();
    const [a, b] = [await ws(server.ws), await ws(server.ws)];
    const gotA = next(a);
    const gotB = next(b);
    server.service.emit({
      event: 'fusion.progress',
      payload: {
        jobId: 'job-1', iterations: 60,
        record: { iteration: 1, level: 'full', haadf: 1, chem: 2, tv: 3, total: 4, stepScale: 1, change: 0.5, elapsedMs: 7 },
        preview: { width: 2, height: 1, elements: ['Co'], maps: [Float32Array.from([1, 2])] },
      },
    });
    const [ea, eb] = await Promise.all([gotA, gotB]);
    expect(ea).toMatchObject({ event: 'fusion.progress', payload: { jobId: 'job-1', record: { iteration: 1 } } });
    expect((ea['payload'] as { preview: { maps: Float32Array[] } }).preview.maps[0]).toEqual(Float32Array.from([1, 2]));
    expect(eb).toEqual(ea);
    // An invalid event is not sent; the next valid one is.
    const after = next(a);
    server.service.emit({ event: 'fusion.done', payload: { jobId: 'j' } } as never);
    server.service.emit({ event: 'fusion.done', payload: { jobId: 'j', resultId: 'res-1' } });
    expect(await after).toEqual({ event: 'fusion.done', payload: { jobId: 'j', resultId: 'res-1' } });
  });

  it('survives a fuzz of a few hundred malformed messages: each gets an error reply, then a valid request works', async () => {
    const server = await serve();
    const s = await ws(server.ws);
    let seed = 12345;
    const rand = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const junkString = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 0xd7ff) + 1)).join('');
    const junkValue = (depth: number): unknown => {
      const r = rand();
      if (depth > 4 || r < 0.3) return pick([null, true, false, 0, -1, 1e308, 3.7, '', 'x', junkString(20), '__proto__', 'constructor']);
      if (r < 0.6) return Array.from({ length: Math.floor(rand() * 5) }, () => junkValue(depth + 1));
      const o: Record<string, unknown> = {};
      for (let k = 0; k < Math.floor(rand() * 5); k++) o[pick(['id', 'method', 'params', 'dir', 'datasetId', 'region', junkString(5)])] = junkValue(depth + 1);
      return o;
    };
    const badIds = [null, -1, 1.5, 'x'.repeat(65), '', {}, [], true, Number.MAX_SAFE_INTEGER + 2];
    const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    const messages: { frame: string | Buffer; binary?: boolean }[] = [];
    for (let k = 0; k < 100; k++) messages.push({ frame: JSON.stringify(junkValue(0)) }); // random JSON
    for (let k = 0; k < 40; k++) messages.push({ frame: junkString(1 + Math.floor(rand() * 200)) }); // not JSON (mostly)
    for (let k = 0; k < 30; k++) messages.push({ frame: JSON.stringify({ id: pick(badIds), method: pick(METHOD_NAMES), params: {} }) }); // bad ids
    for (let k = 0; k < 100; k++) {
      // A good id with a wrong method or params: strict params refuse the extra key, junk params refuse themselves.
      const method = rand() < 0.2 ? junkString(8) : pick(METHOD_NAMES);
      const junk = junkValue(1);
      const params = typeof junk === 'object' && junk !== null && !Array.isArray(junk) ? { ...junk, [`fuzz_${k}`]: junkValue(2) } : junk;
      messages.push({ frame: JSON.stringify({ id: 1000 + k, method, params }) });
    }
    for (const n of [1000, 100000]) messages.push({ frame: deep(n) }, { frame: `{"id":1,"method":"project.open","params":${deep(n)}}` });
    messages.push({ frame: `{"id":2,"method":"project.open","params":{"dir":${'{"a":'.repeat(50000)}1${'}'.repeat(50000)}}}` });
    messages.push({ frame: JSON.stringify({ id: 3, method: 'project.open', params: { dir: 'x'.repeat(900_000) } }) }); // big, under the cap
    messages.push({ frame: JSON.stringify({ id: 4, method: 'project.open', params: { dir: 'x'.repeat(2_000_000) } }) }); // over the cap
    messages.push({ frame: 'x'.repeat(3_000_000) });
    for (let k = 0; k < 30; k++) messages.push({ frame: Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 256))), binary: true });
    messages.push({ frame: Buffer.from(JSON.stringify({ id: 5, method: 'app.version' })), binary: true }); // valid JSON, but binary
    messages.push({ frame: '' }, { frame: 'null' }, { frame: '[]' }, { frame: '"app.version"' }, { frame: '{"id":1}' }, { frame: '{"id":1,"method":null}' });
    messages.push({ frame: '{"id":1,"method":"__proto__"}' }, { frame: '{"id":1,"method":"subscribe"}' }, { frame: '{"id":1,"method":"app.version","params":[]}' });
    expect(messages.length).toBeGreaterThan(300);

    for (const [k, m] of messages.entries()) {
      const reply = await ask(s, m.frame, m.binary ?? false);
      expect(reply['ok'], `message ${k}: ${String(m.frame).slice(0, 80)} → ${JSON.stringify(reply).slice(0, 200)}`).toBe(false);
      expect(reply['error']).toMatchObject({ code: 'bad-request' });
    }
    expect(server.service.calls).toEqual([]);
    expect(await call(s, 99, 'app.version')).toEqual({ id: 99, ok: true, result: { version: '9.9.9' } });
  });

  it('closes a connection whose frame is over the hard cap, and keeps serving others', async () => {
    const server = await serve();
    const s = await ws(server.ws);
    const closed = new Promise<number>((ok) => s.once('close', (code) => ok(code)));
    s.send('x'.repeat(17 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const t = await ws(server.ws);
    expect(await call(t, 1, 'app.version')).toMatchObject({ ok: true });
  });

  it('refuses upgrades elsewhere than /api, and plain GETs of /api', async () => {
    const server = await serve();
    expect(await connect(server.ws.replace(/api$/, 'other'))).toEqual({ refused: 404 });
    expect((await rawGet(server.port, '/api')).status).toBe(426);
  });
});

describe('read-only', () => {
  it('refuses mutating requests with forbidden and answers the others', async () => {
    const server = await serve({ readOnly: true });
    const s = await ws(server.ws);
    expect(await call(s, 1, 'project.create', { dir: '/p', name: 'P' })).toMatchObject({ id: 1, ok: false, error: { code: 'forbidden' } });
    expect(await call(s, 2, 'fusion.start', { datasetId: 'ds-1', params: DEFAULT_PARAMS })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(s, 3, 'settings.set', { theme: 'dark' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(s, 4, 'result.list')).toMatchObject({ ok: true });
    expect(await call(s, 5, 'app.version')).toMatchObject({ ok: true });
    expect(server.service.calls.map(([m]) => m)).toEqual(['result.list', 'app.version']);
  });
});

describe('tokens', () => {
  it('refuses to bind beyond the default host without a token, or with a short one', async () => {
    await expect(serve({ host: '127.0.0.2' })).rejects.toThrow(ServeConfigError);
    await expect(serve({ host: '127.0.0.2' })).rejects.toThrow(/needs --token/);
    await expect(serve({ host: '127.0.0.2', token: 'short' })).rejects.toThrow(/at least 16/);
    await expect(serve({ host: '0.0.0.0' })).rejects.toThrow(ServeConfigError);
  });

  it('with a token: HTTP without or with a wrong one gets 401, the right one works, ?token= sets a cookie', async () => {
    const server = await serve({ host: '127.0.0.2', token: TOKEN });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/);
    const get = (path: string, headers: Record<string, string> = {}) => rawGet(server.port, path, headers, 'GET', '127.0.0.2');
    expect((await get('/')).status).toBe(401);
    expect((await get('/', { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
    expect((await get('/?token=wrong-token-wrong-token')).status).toBe(401);
    expect((await get('/', { cookie: `fusem_token_${server.port}=nope` })).status).toBe(401);
    expect((await get('/', { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    const ok = await get('/', { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<title>fusem</title>');

    const first = await get(`/?token=${TOKEN}`);
    expect(first.status).toBe(303);
    expect(first.headers['location']).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^fusem_token_${server.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/$`));
    expect((await get('/', { cookie: cookie.split(';')[0]! })).status).toBe(200);
  });

  it('with a token: upgrades without or with a wrong one get 401, the right one (header or cookie) works', async () => {
    const server = await serve({ host: '127.0.0.2', token: TOKEN });
    expect(await connect(server.ws)).toEqual({ refused: 401 });
    expect(await connect(server.ws, { headers: { authorization: 'Bearer not-the-token-at-all' } })).toEqual({ refused: 401 });
    expect(await connect(`${server.ws}?token=wrongwrongwrongwrong`)).toEqual({ refused: 401 });
    const byHeader = await ws(server.ws, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await call(byHeader, 1, 'app.version')).toMatchObject({ ok: true });
    const byCookie = await ws(server.ws, { headers: { cookie: `fusem_token_${server.port}=${TOKEN}` } });
    expect(await call(byCookie, 1, 'app.version')).toMatchObject({ ok: true });
    // A browser's page from elsewhere: right cookie, foreign Origin.
    expect(await connect(server.ws, { headers: { cookie: `fusem_token_${server.port}=${TOKEN}` }, origin: 'http://evil.example' })).toEqual({ refused: 403 });
  });
});

describe('a tokenless server on the default host', () => {
  it('answers only its own Host names and same-origin WebSockets', async () => {
    const server = await serve();
    expect((await rawGet(server.port, '/', { host: `127.0.0.1:${server.port}` })).status).toBe(200);
    expect((await rawGet(server.port, '/', { host: `localhost:${server.port}` })).status).toBe(200);
    expect((await rawGet(server.port, '/', { host: `evil.example:${server.port}` })).status).toBe(403);
    expect(await connect(server.ws, { headers: { host: `evil.example:${server.port}` } })).toEqual({ refused: 403 });
    expect(await connect(server.ws, { origin: 'http://evil.example' })).toEqual({ refused: 403 });
    const same = await ws(server.ws, { origin: `http://127.0.0.1:${server.port}` });
    expect(await call(same, 1, 'app.version')).toMatchObject({ ok: true });
  });
});

describe('static files', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ service: fakeService(), port: 0, staticDir: fixture.dir, log: () => undefined });
  });
  afterAll(async () => server.close());

  it('serves the renderer with MIME types, a strict CSP and the transport marker', async () => {
    const index = await rawGet(server.port, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.body).toContain('<meta name="fusem-transport" content="websocket" />');
    expect((await rawGet(server.port, '/index.html')).status).toBe(200);
    const js = await rawGet(server.port, '/assets/app.js');
    expect([js.status, js.headers['content-type'], js.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log(1);']);
    expect((await rawGet(server.port, '/assets/mod.wasm')).headers['content-type']).toBe('application/wasm');
    const head = await rawGet(server.port, '/assets/app.js', {}, 'HEAD');
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '15']);
    expect((await rawGet(server.port, '/missing.js')).status).toBe(404);
    expect((await rawGet(server.port, '/', {}, 'POST')).status).toBe(405);
  });

  it('refuses directory traversal, hidden files and symlinks out of the folder', async () => {
    for (const path of [
      '/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt', '/..\\secret.txt', '/..%5csecret.txt', '/.hidden', '/link.txt', '/%00', '/%E0%A4%A', `/${'../'.repeat(20)}etc/passwd`,
      '//../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const r = await rawGet(server.port, path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body, path).not.toContain('TOP SECRET');
      expect(r.body, path).not.toContain('root:');
    }
  });
});
