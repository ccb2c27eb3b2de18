// dispatch(): validates, routes, enforces read-only, validates results, and never throws.

import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { dispatch, METHOD_NAMES, METHODS, type Reply } from '../../../src/shared/api/index.js';
import { fakeService } from './fake-service.js';

const code = (r: Reply<unknown>): string => (r.ok ? 'ok' : r.error.code);

describe('dispatch', () => {
  it('routes a valid request to the service and returns its validated result', async () => {
    const s = fakeService('1.2.3');
    expect(await dispatch(s, { method: 'app.version' })).toEqual({ ok: true, result: { version: '1.2.3' } });
    expect(await dispatch(s, { method: 'app.version', params: {} })).toEqual({ ok: true, result: { version: '1.2.3' } });
    const r = await dispatch(s, { method: 'project.open', params: { dir: '/p', readOnly: true } });
    expect(r).toMatchObject({ ok: true, result: { dir: '/p', readOnly: true } });
    expect(s.calls.at(-1)).toEqual(['project.open', { dir: '/p', readOnly: true }]);
  });

  it('answers every method of the contract with a valid result (the fake service covers them all)', async () => {
    const s = fakeService();
    const params: Record<string, unknown> = {
      'project.create': { dir: '/p', name: 'P' }, 'project.open': { dir: '/p' },
      'dataset.import': { files: ['/a.tif', '/b.tif'], mode: 'reference', label: 'x' }, 'dataset.get': { datasetId: 'ds-1' },
      'result.get': { resultId: 'res-1' }, 'fusion.start': { datasetId: 'ds-1', params: DEFAULT_PARAMS, priority: 'preview' },
      'fusion.cancel': { jobId: 'job-1' }, 'quantify.region': { resultId: 'res-1', region: { kind: 'ellipse', cx: 1, cy: 1, rx: 2, ry: 1 } },
      'export.figure': { resultId: 'res-1', format: 'png' }, 'export.data': { resultId: 'res-1', format: 'npy' },
      'watch.start': { dir: '/acq', poll: true }, 'settings.set': { theme: 'dark' },
      'sweep.start': { phantom: 'core-shell', size: 32, haadfSnr: [5, 40], chemSnr: [1, 4], realisations: 1 },
      'sweep.resume': { sweepId: 'sw-1' }, 'sweep.cancel': { sweepId: 'sw-1' }, 'sweep.get': { sweepId: 'sw-1' },
      'gamma.scan': { resultId: 'res-1', gammas: [1.5, 1.7] },
      'files.browse': { dir: '/acq' }, 'files.describe': { paths: ['/acq/a.emd'] }, 'upload.begin': { name: 'a.emd', bytes: 3 }, 'upload.chunk': { uploadId: 'up-1', offset: 0, data: 'AAAA' },
      'result.rename': { resultId: 'res-1', label: 'first' },
      'spectrum.get': { datasetId: 'ds-1' }, 'spectrum.region': { datasetId: 'ds-1', region: { kind: 'point', x: 1, y: 0 } },
      'spectrum.map': { datasetId: 'ds-1', settings: { elements: ['O'], preEdge: { O: [450, 525] } } },
      'spectrum.apply': { datasetId: 'ds-1', settings: { elements: ['O'] } },
    };
    for (const method of METHOD_NAMES) {
      const r = await dispatch(s, { method, params: params[method] });
      expect(r.ok, `${method}: ${JSON.stringify(r)}`).toBe(true);
    }
  });

  it('keeps Float32Arrays as they are (IPC copies them by structured clone)', async () => {
    const r = await dispatch(fakeService(), { method: 'dataset.get', params: { datasetId: 'ds-1' } });
    if (!r.ok) throw new Error(r.error.message);
    const data = r.result as { haadf: { data: unknown }; maps: { image: { data: unknown } }[] };
    expect(data.haadf.data).toBeInstanceOf(Float32Array);
    expect(data.maps[1]!.image.data).toEqual(Float32Array.from([20.5, 21.5, 22.5, 23.5, 24.5, 25.5]));
  });

  it('refuses unknown methods and malformed requests with bad-request', async () => {
    const s = fakeService();
    for (const raw of [
      undefined, null, 42, 'app.version', [], { }, { method: 7 }, { method: 'nope' }, { method: '__proto__' }, { method: 'constructor' },
      { method: 'toString' }, { method: 'hasOwnProperty' }, { method: 'subscribe' },
    ]) {
      const r = await dispatch(s, raw);
      expect(code(r), JSON.stringify(raw)).toBe('bad-request');
    }
    expect(s.calls).toEqual([]);
  });

  it('refuses bad params with bad-request naming the field', async () => {
    const s = fakeService();
    const cases: [string, unknown, RegExp][] = [
      ['project.open', { dir: 3 }, /params\.dir/],
      ['project.open', { dir: '' }, /params\.dir/],
      ['project.open', { dir: '/p', extra: 1 }, /extra|unrecognized/i],
      ['project.create', { dir: '/p' }, /params\.name/],
      ['dataset.get', { datasetId: '../etc' }, /datasetId/],
      ['dataset.get', { datasetId: 'a/b' }, /datasetId/],
      ['dataset.import', { file: '/a', files: ['/b'], mode: 'copy' }, /./],
      ['dataset.import', { file: '/a', mode: 'move' }, /./],
      ['fusion.start', { datasetId: 'ds-1', params: { ...DEFAULT_PARAMS, gamma: 7 } }, /gamma/],
      ['fusion.start', { datasetId: 'ds-1', params: { ...DEFAULT_PARAMS, iterations: 1.5 } }, /iterations/],
      ['fusion.start', { datasetId: 'ds-1', params: { ...DEFAULT_PARAMS, lambdaTV: Number.NaN } }, /lambdaTV/],
      ['quantify.region', { resultId: 'r', region: { kind: 'polygon', points: [[0, 0], [1, 1]] } }, /points/],
      ['quantify.region', { resultId: 'r', datasetId: 'd', region: { kind: 'point', x: 0, y: 0 } }, /./],
      ['settings.set', { theme: 'purple' }, /theme/],
      ['settings.set', { unknownSetting: 1 }, /./],
      ['app.version', { x: 1 }, /./],
      ['app.version', 'junk', /./],
      ['watch.start', { dir: '/a', pollIntervalMs: 1 }, /pollIntervalMs/],
    ];
    for (const [method, params, message] of cases) {
      const r = await dispatch(s, { method, params });
      expect(code(r), `${method} ${JSON.stringify(params)}`).toBe('bad-request');
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
    expect(s.calls).toEqual([]);
  });

  it('passes on the service’s typed errors, turns anything else it throws into internal', async () => {
    const s = fakeService();
    expect(await dispatch(s, { method: 'project.open', params: { dir: '/missing' } })).toEqual({
      ok: false, error: { code: 'not-found', message: 'no project in /missing' },
    });
    const logged: string[] = [];
    const r = await dispatch(s, { method: 'project.open', params: { dir: '/boom' } }, { onInternalError: (m) => logged.push(m) });
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'project.open failed: disk on fire' } });
    expect(logged).toEqual(['project.open']);
  });

  it('refuses an invalid result from the service with internal', async () => {
    const r = await dispatch(fakeService(), { method: 'project.open', params: { dir: '/bad-result' } });
    expect(code(r)).toBe('internal');
    if (!r.ok) expect(r.error.message).toMatch(/invalid result/);
  });

  it('answers internal when the service lacks a method', async () => {
    const s = { ...fakeService() } as Record<string, unknown>;
    delete s['watch.state'];
    const r = await dispatch(s as never, { method: 'watch.state' });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('read-only refuses exactly the mutating methods with forbidden', async () => {
    const s = fakeService();
    for (const method of METHOD_NAMES) {
      const r = await dispatch(s, { method, params: {} }, { readOnly: true });
      if (METHODS[method].mutates) expect(code(r), method).toBe('forbidden');
      else expect(code(r), method).not.toBe('forbidden');
    }
    expect(s.calls.map(([m]) => m).filter((m) => METHODS[m as keyof typeof METHODS].mutates)).toEqual([]);
    expect(METHOD_NAMES.filter((m) => !METHODS[m].mutates).sort()).toEqual([
      'app.version', 'dataset.get', 'dataset.list', 'files.browse', 'files.describe', 'gamma.scan', 'project.current', 'project.recent', 'quantify.region', 'result.get', 'result.list', 'settings.get',
      'spectrum.get', 'spectrum.map', 'spectrum.region', 'sweep.get', 'sweep.list', 'watch.state',
    ]);
  });

  it('never throws, even on hostile objects (throwing getters, proxies, huge and deep values)', async () => {
    const s = fakeService();
    const throwing = Object.defineProperty({}, 'method', { get: () => { throw new Error('gotcha'); } });
    const proxy = new Proxy({}, { get: () => { throw new Error('trap'); }, has: () => { throw new Error('trap'); } });
    let deep: unknown = 'x';
    for (let k = 0; k < 100000; k++) deep = [deep];
    const inputs: unknown[] = [
      throwing, proxy, { method: 'project.open', params: proxy }, { method: 'project.open', params: { dir: 'x'.repeat(1e6) } },
      { method: 'project.open', params: deep }, { method: 'quantify.region', params: { resultId: 'r', region: { kind: 'polygon', points: deep } } },
      { method: 'settings.set', params: Object.create(null) }, { method: 'app.version', params: new Float32Array(3) },
      { method: 'fusion.start', params: { datasetId: 'ds', params: { ...DEFAULT_PARAMS, weighting: new Array(100000).fill(1) } } },
    ];
    for (const raw of inputs) {
      const r = await dispatch(s, raw);
      expect(r.ok).toBe(r.ok); // resolved, not thrown
      expect(typeof code(r)).toBe('string');
    }
  });
});
