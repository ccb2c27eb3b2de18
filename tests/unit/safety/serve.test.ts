// `fusem serve` and issue 14: the token from a file or the environment (not in `ps`), `--project DIR --read-only`
// for viewing, and a server that answers project.create under /proc at once and still ends on SIGTERM. Before:
// the token was only a command-line argument, serve could not name a project, and project.create {dir:'/proc/x'}
// never replied and left a busy loop that ignored SIGTERM.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveCommand } from '../../../src/cli/commands/serve.js';
import { createProject } from '../../../src/main/services/project/index.js';
import { open, rawGet } from '../api/server-helpers.js';
import { decodeMessage } from '../../../src/shared/api/wire.js';
import type WebSocket from 'ws';
import { REPO } from '../project/helpers.js';

const quiet = { out: () => undefined, err: () => undefined };
const config = () => ['--config', mkdtempSync(path.join(tmpdir(), 'fusem-serve-config-'))];
/** The reply to request `id` (events that arrive before it are skipped). */
function call(ws: WebSocket, id: number, method: string, params?: unknown): Promise<Record<string, unknown>> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => { ws.off('message', on); fail(new Error(`no reply to ${method}`)); }, 10_000);
    const on = (data: Buffer, isBinary: boolean): void => {
      const m = decodeMessage(isBinary ? new Uint8Array(data) : data.toString('utf8')) as Record<string, unknown>;
      if (m['id'] !== id) return;
      clearTimeout(timer);
      ws.off('message', on);
      ok(m);
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

const TOKEN = 'a-secret-token-of-32-characters!';

describe('the serve token', () => {
  it('is read from --token-file, so it is not in the process list', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'fusem-token-')), 'token');
    writeFileSync(file, `${TOKEN}\n`);
    await serveCommand(['--port', '0', '--host', '127.0.0.2', '--token-file', file, ...config()], quiet, {
      until: async (server) => {
        expect((await rawGet(server.port, '/', {}, 'GET', '127.0.0.2')).status).toBe(401);
        expect((await rawGet(server.port, '/', { authorization: `Bearer ${TOKEN}` }, 'GET', '127.0.0.2')).status).not.toBe(401);
      },
    });
    writeFileSync(file, '\n');
    await expect(serveCommand(['--port', '0', '--token-file', file, ...config()], quiet, { until: async () => undefined })).rejects.toThrow(/holds no token/);
    await expect(serveCommand(['--port', '0', '--token-file', `${file}.absent`, ...config()], quiet, { until: async () => undefined })).rejects.toThrow(/cannot be read/);
  });

  it('is read from FUSEM_TOKEN', async () => {
    process.env['FUSEM_TOKEN'] = TOKEN;
    try {
      await serveCommand(['--port', '0', '--host', '127.0.0.2', ...config()], quiet, {
        until: async (server) => { expect((await rawGet(server.port, '/', { authorization: `Bearer ${TOKEN}` }, 'GET', '127.0.0.2')).status).not.toBe(401); },
      });
    } finally {
      delete process.env['FUSEM_TOKEN'];
    }
  });
});

describe('serve --project', () => {
  it('with --read-only opens the project for viewing: listed, not changeable', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'fusem-serve-project-')), 'p');
    await (await createProject(dir, 'viewed', { autosaveMs: false })).close();
    const out: string[] = [];
    await serveCommand(['--port', '0', '--project', dir, '--read-only', ...config()], { out: (l) => out.push(l), err: () => undefined }, {
      until: async (server) => {
        const ws = await open(`ws://127.0.0.1:${server.port}/api`);
        expect(await call(ws, 1, 'dataset.list')).toMatchObject({ ok: true, result: { datasets: [] } });
        expect(await call(ws, 2, 'project.open', { dir, readOnly: true })).toMatchObject({ ok: true, result: { readOnly: true, name: 'viewed' } });
        expect(await call(ws, 3, 'project.open', { dir })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        expect(await call(ws, 4, 'project.close')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        ws.close();
      },
    });
    expect(out[0]).toMatch(/\(read-only\) — project .*\/p$/);
  });

  it('refuses a --project that is not a project, with one line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fusem-serve-none-'));
    await expect(serveCommand(['--port', '0', '--project', dir, ...config()], quiet, { until: async () => undefined })).rejects.toThrow(/--project: .*is not a fusem project/);
  });
});

describe('a served /proc request', () => {
  it('gets an error reply within 1 s, and the server then ends on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'tests/unit/safety/fixtures/serve.ts'), 'serve', '--port', '0', ...config()], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
    try {
      const url = await new Promise<string>((ok, fail) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => { text += d.toString(); const m = /fusem serve: (http:\S+)/.exec(text); if (m) ok(m[1]!); });
        setTimeout(() => fail(new Error(`no URL: ${text}`)), 30_000);
      });
      const ws = await open(`${url.replace('http:', 'ws:')}api`);
      const t0 = Date.now();
      expect(await call(ws, 1, 'project.create', { dir: '/proc/x', name: 'x' })).toMatchObject({ ok: false });
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(await call(ws, 2, 'app.version')).toMatchObject({ ok: true }); // still responsive
      ws.close();
      const t1 = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - t1).toBeLessThan(10_000);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
