// The renderer's client, the same typed interface over both transports: the WebSocket (against a real server,
// with Node's `ws` standing in for the browser's WebSocket) and IPC (a stand-in bridge doing what main does).

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../src/main/server/index.js';
import { createApiClient, type ApiClient } from '../../../src/renderer/src/api/index.js';
import type { SocketFactory } from '../../../src/renderer/src/api/ws-transport.js';
import { ApiError, dispatch, type FusemBridge } from '../../../src/shared/api/index.js';
import { fakeService, type FakeService } from './fake-service.js';
import { staticFixture } from './server-helpers.js';

const openSocket: SocketFactory = (url) => new WebSocket(url) as unknown as ReturnType<SocketFactory>;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** What main + preload do, in-process: dispatch each request, forward events by name. */
function bridgeFor(service: FakeService): FusemBridge {
  const raw = {
    version: '0.0.0',
    request: (method: string, params?: unknown) => dispatch(service, { method, params }),
    on: (event: string, listener: (payload: unknown) => void) => service.subscribe((e) => e.event === event && listener(e.payload)),
  };
  return raw as unknown as FusemBridge;
}

async function clients(): Promise<{ name: string; client: ApiClient; service: FakeService }[]> {
  const wsService = fakeService('1.0.0-websocket');
  const server: RunningServer = await startServer({ service: wsService, port: 0, staticDir: staticFixture().dir, log: () => undefined });
  cleanup.push(() => server.close());
  const overWs = createApiClient({ bridge: null, webSocketUrl: `ws://127.0.0.1:${server.port}/api`, openSocket })!;
  cleanup.push(() => overWs.close());
  const ipcService = fakeService('1.0.0-ipc');
  const overIpc = createApiClient({ bridge: bridgeFor(ipcService) })!;
  return [
    { name: 'websocket', client: overWs, service: wsService },
    { name: 'ipc', client: overIpc, service: ipcService },
  ];
}

describe('createApiClient', () => {
  it('is null where the page has no backend', () => {
    expect(createApiClient({ bridge: null, webSocketUrl: null })).toBeNull();
    expect(createApiClient()).toBeNull(); // Node: no window, no document
  });

  it('gives the same typed results, errors and events over both transports', async () => {
    for (const { name, client, service } of await clients()) {
      expect(client.transport).toBe(name);
      expect((await client.request('app.version')).version).toBe(`1.0.0-${name}`);
      const data = await client.request('dataset.get', { datasetId: 'ds-1' });
      expect(data.maps.map((m) => m.element)).toEqual(['Co', 'O']);
      expect(data.haadf.data).toBeInstanceOf(Float32Array);
      expect(Array.from(data.maps[0]!.image.data)).toEqual([10.5, 11.5, 12.5, 13.5, 14.5, 15.5]);

      const notFound = await client.request('dataset.get', { datasetId: 'nope' }).catch((e: unknown) => e);
      expect(notFound).toBeInstanceOf(ApiError);
      expect(notFound).toMatchObject({ code: 'not-found', message: 'no dataset nope' });
      const bad = await client.request('project.open', { dir: 5 } as never).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'bad-request' });

      const events: unknown[] = [];
      const off = client.on('fusion.done', (p) => events.push(p));
      await client.request('app.version'); // the WebSocket is open (and listening) once a request has come back
      service.emit({ event: 'fusion.done', payload: { jobId: 'j', resultId: 'res-1' } });
      service.emit({ event: 'fusion.failed', payload: { jobId: 'j', reason: 'no' } });
      await expect.poll(() => events).toEqual([{ jobId: 'j', resultId: 'res-1' }]);
      off();
      service.emit({ event: 'fusion.done', payload: { jobId: 'k', resultId: 'res-2' } });
      await client.request('app.version');
      expect(events).toHaveLength(1);
    }
  });

  it('runs concurrent requests over one WebSocket and matches each reply to its request', async () => {
    const [{ client }] = await clients();
    const replies = await Promise.all(Array.from({ length: 50 }, (_, k) => (k % 2 ? client.request('settings.get') : client.request('app.version'))));
    replies.forEach((r, k) => expect(k % 2 ? 'theme' in r : 'version' in r).toBe(true));
  });

  it('fails pending requests with internal when the server goes away', async () => {
    const service = fakeService();
    let release!: () => void;
    const hold = new Promise<void>((ok) => (release = ok));
    const slow = { ...service, 'watch.state': async () => { await hold; return { running: false, dir: null, out: null, datasets: [] }; } };
    const server = await startServer({ service: slow, port: 0, staticDir: staticFixture().dir, log: () => undefined });
    const client = createApiClient({ bridge: null, webSocketUrl: `ws://127.0.0.1:${server.port}/api`, openSocket })!;
    cleanup.push(() => client.close());
    await client.request('app.version');
    const pending = client.request('watch.state').catch((e: unknown) => e);
    await server.close();
    release();
    expect(await pending).toMatchObject({ code: 'internal' });
  });
});
