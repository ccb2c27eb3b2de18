// A FusemService with canned answers, for the transport tests: every method answers something valid (or throws
// the error a test asks for), and emit() pushes events.

import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import {
  ApiError, DEFAULT_SETTINGS, type ApiEvent, type DatasetSummary, type FusemService, type ProjectInfo, type ResultSummary, type Settings,
  type WatchState,
} from '../../../src/shared/api/index.js';

export const PROJECT: ProjectInfo = {
  dir: '/data/proj', name: 'proj', readOnly: false, created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z',
  parameters: { ...DEFAULT_PARAMS }, datasets: 1, results: 1,
};

export const DATASET: DatasetSummary = {
  id: 'ds-1', label: 'particles', mode: 'copy', imported: '2026-01-01T00:00:00Z',
  files: [{ name: 'a.emd', bytes: 10, sha256: 'ab'.repeat(32), path: 'datasets/ds-1/a.emd' }], elements: ['Co', 'O'], shape: [2, 3],
};

export const RESULT: ResultSummary = {
  id: 'res-1', datasetId: 'ds-1', created: '2026-01-01T00:00:00Z', elements: ['Co', 'O'], shape: [2, 3], units: 'counts',
  params: { ...DEFAULT_PARAMS }, iterationsRun: 60, stoppedBy: 'iterations', wallMs: 12, backend: 'cpu',
};

const WATCH: WatchState = { running: false, dir: null, out: null, datasets: [] };

export const image = (width: number, height: number, offset = 0): { width: number; height: number; data: Float32Array } => ({
  width, height, data: Float32Array.from({ length: width * height }, (_, k) => offset + k + 0.5),
});

export interface FakeService extends FusemService {
  emit(event: ApiEvent): void;
  /** Calls made, as [method, params]. */
  readonly calls: [string, unknown][];
}

export function fakeService(version = '9.9.9'): FakeService {
  const listeners = new Set<(e: ApiEvent) => void>();
  const calls: [string, unknown][] = [];
  let settings: Settings = { ...DEFAULT_SETTINGS };
  const log = <T>(method: string, params: unknown, answer: T): T => {
    calls.push([method, params]);
    return answer;
  };
  return {
    calls,
    emit: (e) => listeners.forEach((l) => l(e)),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    'app.version': async (p) => log('app.version', p, { version }),
    'settings.get': async (p) => log('settings.get', p, settings),
    'settings.set': async (p) => log('settings.set', p, (settings = { ...settings, ...p } as Settings)),
    'project.create': async (p) => log('project.create', p, { ...PROJECT, dir: p.dir, name: p.name }),
    'project.open': async (p) => {
      if (p.dir === '/missing') throw new ApiError('not-found', 'no project in /missing');
      if (p.dir === '/boom') throw new Error('disk on fire');
      if (p.dir === '/bad-result') return { nonsense: true } as unknown as ProjectInfo;
      return log('project.open', p, { ...PROJECT, dir: p.dir, readOnly: p.readOnly ?? false });
    },
    'project.recent': async (p) => log('project.recent', p, { projects: [{ dir: '/data/proj', name: 'proj', openedAt: '2026-01-01T00:00:00Z', exists: true }] }),
    'project.close': async (p) => log('project.close', p, null),
    'project.current': async (p) => log('project.current', p, null),
    'files.browse': async (p) => log('files.browse', p, { dir: p.dir, parent: null, folders: [], files: [], truncated: false }),
    'files.describe': async (p) => log('files.describe', p, { files: [] }),
    'upload.begin': async (p) => log('upload.begin', p, { uploadId: 'up-1' }),
    'upload.chunk': async (p) => log('upload.chunk', p, { received: p.offset + 3, path: null }),
    'dataset.import': async (p) => log('dataset.import', p, DATASET),
    'dataset.list': async (p) => log('dataset.list', p, { datasets: [DATASET] }),
    'dataset.get': async (p) => {
      if (p.datasetId !== DATASET.id) throw new ApiError('not-found', `no dataset ${p.datasetId}`);
      return log('dataset.get', p, {
        dataset: DATASET, haadf: image(3, 2), maps: [{ element: 'Co', image: image(3, 2, 10) }, { element: 'O', image: image(3, 2, 20) }], pixelSize: null,
      });
    },
    'spectrum.get': async (p) => log('spectrum.get', p, {
      datasetId: p.datasetId, kind: 'EELS' as const, title: 'SI', rows: 2, cols: 3, energy: { size: 4, offset: 500, scale: 10, unit: 'eV' },
      sum: new Float32Array([4, 3, 9, 7]), acquisition: { beamEnergyKeV: 200 }, markers: [{ element: 'O', name: 'K', energyEv: 532 }],
      settings: { elements: [] }, hasHaadf: true, notes: [],
    }),
    'spectrum.region': async (p) => log('spectrum.region', p, { pixels: 1, counts: new Float32Array([1, 1, 2, 1]) }),
    'spectrum.map': async (p) => log('spectrum.map', p, { maps: [], provenance: [], notes: [], wallMs: 1 }),
    'spectrum.apply': async (p) => log('spectrum.apply', p, p.settings),
    'result.list': async (p) => log('result.list', p, { results: [RESULT] }),
    'result.get': async (p) => log('result.get', p, { result: RESULT, maps: [{ element: 'Co', image: image(3, 2) }], stderr: [], stderrSummary: null, auto: null, history: [], inputs: null }),
    'result.rename': async (p) => log('result.rename', p, { ...RESULT, label: p.label }),
    'fusion.start': async (p) => log('fusion.start', p, { jobId: 'job-1' }),
    'fusion.cancel': async (p) => log('fusion.cancel', p, { cancelled: true }),
    'quantify.region': async (p) => log('quantify.region', p, {
      pixels: 4, units: 'counts', compositionUnit: 'map-intensity ratio (not calibrated)', elements: [{ element: 'Co', signal: { mean: 1, std: 0.1 }, percent: { mean: 60, std: 2 }, percentStderr: null }],
    }),
    'gamma.scan': async (p) => log('gamma.scan', p, {
      points: p.gammas.map((gamma) => ({ gamma, pixels: 4, percent: { Co: { mean: 60, std: 2 }, O: { mean: 40, std: 2 } } })), spread: { Co: 1, O: 1 },
    }),
    'export.figure': async (p) => log('export.figure', p, { file: '/data/proj/exports/fig.png' }),
    'export.data': async (p) => log('export.data', p, { files: ['/data/proj/exports/Co.tif'] }),
    'watch.start': async (p) => log('watch.start', p, { ...WATCH, running: true, dir: p.dir, out: '/out' }),
    'watch.stop': async (p) => log('watch.stop', p, WATCH),
    'watch.state': async (p) => log('watch.state', p, WATCH),
    'demo.open': async (p) => log('demo.open', p, PROJECT),
    'sweep.start': async (p) => log('sweep.start', p, { sweepId: 'sw-1' }),
    'sweep.resume': async (p) => log('sweep.resume', p, { sweepId: p.sweepId }),
    'sweep.cancel': async (p) => log('sweep.cancel', p, { cancelled: true }),
    'sweep.list': async (p) => log('sweep.list', p, { sweeps: [{
      sweepId: 'sw-1', phantom: 'core-shell' as const, size: 32, haadfSnr: [5, 40], chemSnr: [1, 4], realisations: 1, cells: 4, done: 2, running: false,
      created: '2026-01-01T00:00:00Z',
    }] }),
    'sweep.get': async (p) => log('sweep.get', p, {
      sweepId: p.sweepId, phantom: 'core-shell' as const, haadfSnr: [5, 40], chemSnr: [1, 4], meanNrmse: [[0.3, 0.2], [null, null]],
      rawMeanNrmse: [[0.9, 0.5], [null, null]], averageStderr: [[0.25, 0.15], [null, null]], stderrCorrelation: null, missing: [2, 3],
      complete: false, running: false,
    }),
  };
}
