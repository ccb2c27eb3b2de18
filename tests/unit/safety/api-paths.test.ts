// Every path an API request names is confined. Before issue 14: export.figure {format:'svg', path:'/tmp/x/precious.txt'}
// replaced that file (relative paths resolved against the server's folder); project.create {dir:'/proc/x'} never
// replied; a --read-only server refused project.open even read-only.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { dispatch } from '../../../src/shared/api/index.js';
import { createAppService } from '../../../src/main/services/app/index.js';
import { startApp, temp, until, writeAcquisition, type AppFixture } from '../app/app-fixture.js';

let app: AppFixture;
let projectDir: string;
let resultId: string;

beforeAll(async () => {
  app = await startApp();
  projectDir = path.join(await temp('fusem-safety-project-'), 'p');
  await app.service['project.create']({ dir: projectDir, name: 'safety' });
  const ds = await app.service['dataset.import']({ files: await writeAcquisition(await temp('fusem-safety-acq-'), 's1'), mode: 'copy' });
  const { jobId } = await app.service['fusion.start']({ datasetId: ds.id, params: { ...DEFAULT_PARAMS, iterations: 3 } });
  await until(() => app.events.some((e) => e.event === 'fusion.done' && e.payload.jobId === jobId));
  resultId = (await app.service['result.list']({})).results[0]!.id;
}, 60_000);

afterAll(() => app.close());

const request = (method: string, params: unknown) => dispatch(app.service, { method, params });

describe('exports', () => {
  it('refuses a path where a file name belongs, and leaves the file outside intact', async () => {
    const outside = path.join(await temp('fusem-safety-outside-'), 'precious.txt');
    writeFileSync(outside, 'precious');
    for (const name of [outside, '../precious.svg', 'sub/x.svg', '..', '.hidden.svg']) {
      const reply = await request('export.figure', { resultId, format: 'svg', name });
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    // the old field is gone: a path is not accepted under any name
    expect(await request('export.figure', { resultId, format: 'svg', path: outside })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await request('export.data', { resultId, format: 'npy', path: path.dirname(outside) })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(readFileSync(outside, 'utf8')).toBe('precious');
  });

  it('writes a named export into exports/, refuses to replace it unless asked, and records the choice', async () => {
    const first = await request('export.figure', { resultId, format: 'svg', name: 'fig.svg' });
    expect(first).toMatchObject({ ok: true, result: { file: path.join(projectDir, 'exports', 'fig.svg') } });
    const again = await request('export.figure', { resultId, format: 'svg', name: 'fig.svg' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/exists/) } });
    const replaced = await request('export.figure', { resultId, format: 'svg', name: 'fig.svg', overwrite: true });
    expect(replaced.ok).toBe(true);
    expect(JSON.parse(readFileSync(path.join(projectDir, 'exports', 'fig.svg.json'), 'utf8'))).toMatchObject({ replaced: expect.stringMatching(/overwrite/) });
    expect(await request('export.figure', { resultId, format: 'svg', name: 'fig.png' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('gives a default name that is taken a free one instead of replacing it', async () => {
    const a = await app.service['export.data']({ resultId, format: 'npy', elements: ['Ga'] });
    const b = await app.service['export.data']({ resultId, format: 'npy', elements: ['Ga'] });
    expect(path.basename(a.files[0]!)).toBe(`${resultId}-fused_Ga.npy`);
    expect(path.basename(b.files[0]!)).toBe(`${resultId}-fused_Ga (2).npy`);
    expect(existsSync(a.files[0]!)).toBe(true);
  });

  it("sends 'chosen-folder' exports to the desktop dialog only; without one they are refused", async () => {
    expect(await request('export.figure', { resultId, format: 'svg', destination: 'chosen-folder' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('project folders', () => {
  it('answers project.create under /proc with an error within 1 s, and the service keeps answering', async () => {
    const t0 = Date.now();
    const reply = await request('project.create', { dir: '/proc/x', name: 'x' });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(reply.ok).toBe(false);
    expect(await request('app.version', {})).toMatchObject({ ok: true });
  });

  it('refuses folders outside the allowed roots, and /proc even when a root allows it', async () => {
    const configDir = await temp('fusem-safety-roots-');
    const allowed = await temp('fusem-safety-allowed-');
    const svc = await createAppService({ configDir, version: '0', computeHost: app.host, projectRoots: [allowed, '/'] });
    try {
      expect(await dispatch(svc, { method: 'project.create', params: { dir: '/proc/x', name: 'x' } })).toMatchObject({ ok: false, error: { code: 'input', message: expect.stringMatching(/\/proc/) } });
      const narrow = await createAppService({ configDir, version: '0', computeHost: app.host, projectRoots: [allowed] });
      const outside = path.join(await temp('fusem-safety-other-'), 'p');
      expect(await dispatch(narrow, { method: 'project.create', params: { dir: outside, name: 'x' } })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/outside the folders/) } });
      expect(await dispatch(narrow, { method: 'project.open', params: { dir: projectDir, readOnly: true } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(existsSync(outside)).toBe(false);
      expect(await dispatch(narrow, { method: 'project.create', params: { dir: path.join(allowed, 'ok'), name: 'x' } })).toMatchObject({ ok: true });
      await narrow.dispose();
    } finally {
      await svc.dispose();
    }
  });

  it('reads the roots from project-roots.txt in the config folder', async () => {
    const configDir = await temp('fusem-safety-roots-');
    const allowed = await temp('fusem-safety-allowed-');
    writeFileSync(path.join(configDir, 'project-roots.txt'), `# where projects may live\n${allowed}\n`);
    const svc = await createAppService({ configDir, version: '0', computeHost: app.host });
    try {
      expect(await dispatch(svc, { method: 'project.create', params: { dir: path.join(configDir, 'p'), name: 'x' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await mkdir(path.join(allowed, 'sub'));
      expect(await dispatch(svc, { method: 'project.create', params: { dir: path.join(allowed, 'sub', 'p'), name: 'x' } })).toMatchObject({ ok: true });
    } finally {
      await svc.dispose();
    }
  });
});

describe('degenerate results in the app', () => {
  it('a fusion whose map comes out all zero is a failed job with the reason, and no result is stored', async () => {
    const datasetId = (await app.service['dataset.list']({})).datasets[0]!.id;
    const before = (await app.service['result.list']({})).results.length;
    const { jobId } = await app.service['fusion.start']({ datasetId, params: { ...DEFAULT_PARAMS, lambdaChem: 10000, iterations: 5 } });
    await until(() => app.events.some((e) => (e.event === 'fusion.failed' || e.event === 'fusion.done') && e.payload.jobId === jobId));
    const failed = app.events.find((e) => e.event === 'fusion.failed' && e.payload.jobId === jobId);
    expect(failed?.payload).toMatchObject({ reason: expect.stringMatching(/map is all zero although its input is not/), cancelled: false });
    expect((await app.service['result.list']({})).results).toHaveLength(before);
  }, 60_000);
});

describe('a read-only server', () => {
  it('opens a project read-only for viewing and refuses to open it for writing', async () => {
    const configDir = await temp('fusem-safety-ro-');
    const svc = await createAppService({ configDir, version: '0', computeHost: app.host });
    try {
      const ro = { readOnly: true };
      expect(await dispatch(svc, { method: 'project.open', params: { dir: projectDir } }, ro)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/readOnly/) } });
      expect(await dispatch(svc, { method: 'project.open', params: { dir: projectDir, readOnly: true } }, ro)).toMatchObject({ ok: true, result: { readOnly: true, results: 1 } });
      expect(await dispatch(svc, { method: 'result.list', params: {} }, ro)).toMatchObject({ ok: true });
      expect(await dispatch(svc, { method: 'export.figure', params: { resultId, format: 'svg' } }, ro)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      await svc.dispose();
    }
  });
});
