// `fusem serve`: prints the URL, serves until told to stop, refuses unsafe command lines.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { UsageError } from '../../../src/cli/args.js';
import { serveCommand } from '../../../src/cli/commands/serve.js';
import { call, open, rawGet, staticFixture } from './server-helpers.js';

const quiet = { out: () => undefined, err: () => undefined };
/** A fresh config folder, so no test touches the user's settings or recent projects. */
const config = () => ['--config', mkdtempSync(path.join(tmpdir(), 'fusem-serve-config-'))];

describe('fusem serve', () => {
  it('prints the URL of a free port with --port 0, answers app.version, and stops cleanly', async () => {
    const out: string[] = [];
    const { dir } = staticFixture();
    let url = '';
    const code = await serveCommand(['--port', '0', '--static', dir, ...config()], { out: (l) => out.push(l), err: () => undefined }, {
      until: async (server) => {
        url = server.url;
        const ws: WebSocket = await open(`ws://127.0.0.1:${server.port}/api`);
        expect(await call(ws, 1, 'app.version')).toMatchObject({ ok: true, result: { version: expect.any(String) } });
        expect(await call(ws, 2, 'project.recent')).toMatchObject({ ok: true, result: { projects: [] } });
        expect(await call(ws, 3, 'dataset.list')).toMatchObject({ ok: false, error: { code: 'conflict' } }); // no project open
        ws.close();
        expect((await rawGet(server.port, '/')).status).toBe(200);
      },
    });
    expect(code).toBe(0);
    expect(out).toEqual([`fusem serve: ${url}`]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/$/);
  });

  it('prints the URL with the token to open when bound beyond the default host', async () => {
    const out: string[] = [];
    await serveCommand(['--port', '0', '--host', '127.0.0.2', '--token', 'abcdefghijklmnop', '--read-only', '--static', staticFixture().dir, ...config()],
      { out: (l) => out.push(l), err: () => undefined }, { until: async () => undefined });
    expect(out[0]).toMatch(/^fusem serve: http:\/\/127\.0\.0\.2:\d+\/\?token=abcdefghijklmnop \(read-only\)$/);
  });

  it('refuses a non-default host without a token, bad ports and unknown options', async () => {
    const never = { until: () => Promise.reject(new Error('should not start')) };
    await expect(serveCommand(['--host', '127.0.0.2'], quiet, never)).rejects.toThrow(UsageError);
    await expect(serveCommand(['--host', '0.0.0.0', '--port', '0'], quiet, never)).rejects.toThrow(/needs --token/);
    await expect(serveCommand(['--port', '70000'], quiet, never)).rejects.toThrow(UsageError);
    await expect(serveCommand(['--port', 'x'], quiet, never)).rejects.toThrow(UsageError);
    await expect(serveCommand(['--bogus'], quiet, never)).rejects.toThrow(UsageError);
    await expect(serveCommand(['extra'], quiet, never)).rejects.toThrow(UsageError);
  });

  it('says so when the port is taken', async () => {
    let port = 0;
    await serveCommand(['--port', '0', '--static', staticFixture().dir, ...config()], quiet, {
      until: async (server) => {
        port = server.port;
        await expect(serveCommand(['--port', String(port), ...config()], quiet, { until: async () => undefined })).rejects.toThrow(/in use/);
      },
    });
    expect(port).toBeGreaterThan(0);
  });
});
