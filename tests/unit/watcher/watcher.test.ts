// The acquisition-folder watcher with a fake, fast fusion: detection, write completion, retries, the queue, warm starts.

import { existsSync } from 'node:fs';
import { appendFile, copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { createWatcher, type AcquisitionWatcher, type FusionDoneEvent, type WatcherOptions } from '../../../src/main/services/watcher/index.js';
import { acquisition, FAST, fakeFuse, N, npyBytes, record, sleep, tempDir, waitFor, writeGroup } from './helpers.js';

const running: AcquisitionWatcher[] = [];
afterEach(async () => { await Promise.all(running.splice(0).map((w) => w.stop())); });

async function started(opts: Partial<WatcherOptions> & { fuse: ReturnType<typeof fakeFuse>['fuse'] }): Promise<{ w: AcquisitionWatcher; dir: string; out: string }> {
  const dir = opts.dir ?? await tempDir();
  const out = opts.out ?? path.join(await tempDir('fusem-watch-out-'), 'results');
  const w = createWatcher({ ...FAST, ...opts, dir, out, fuseDataset: opts.fuse });
  running.push(w);
  await w.start();
  return { w, dir, out };
}

describe('acquisition-folder watcher', () => {
  it('picks up a file copied in slowly, in chunks, only once complete and exactly once', async () => {
    const fake = fakeFuse();
    const { w, dir } = await started({ fuse: fake.fuse, readAttempts: 4 });
    const log = record(w);
    const a = acquisition(1);
    await writeFile(path.join(dir, 'slow_HAADF.npy'), npyBytes(a.haadf));
    await writeFile(path.join(dir, 'slow_O.npy'), npyBytes(a.O));
    const bytes = npyBytes(a.Ga);
    const file = path.join(dir, 'slow_Ga.npy');
    const chunks = 5, size = Math.ceil(bytes.length / chunks);
    for (let k = 0; k < chunks; k++) {
      await appendFile(file, bytes.subarray(k * size, (k + 1) * size));
      if (k < chunks - 1) await sleep(220); // longer than the settle time: the watcher sees a quiet, half-written file
    }
    const done = await waitFor(w, 'fusion-done');
    await sleep(400);
    await w.whenIdle();
    expect(done.id).toBe('slow');
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.inputs.elements).toEqual(['Ga', 'O']);
    expect(Array.from(fake.calls[0]!.inputs.maps[0]!)).toEqual(Array.from(a.Ga)); // the whole file, not a prefix
    expect(log.filter((l) => l.name === 'fusion-done')).toHaveLength(1);
    expect(log.filter((l) => l.name === 'dataset-failed')).toEqual([]);
    expect(log.filter((l) => l.name === 'dataset-detected')).toHaveLength(1);
    expect(w.state()).toMatchObject([{ id: 'slow', phase: 'done', fusions: 1 }]);
  });

  it('ignores temporary files, and sees them once renamed to their final names (polling)', async () => {
    const fake = fakeFuse();
    const { w, dir } = await started({ fuse: fake.fuse, usePolling: true, pollIntervalMs: 40 });
    const log = record(w);
    const a = acquisition(2);
    await writeFile(path.join(dir, 't_HAADF.npy.tmp'), npyBytes(a.haadf));
    await writeFile(path.join(dir, 't_Ga.npy.part'), npyBytes(a.Ga));
    await writeFile(path.join(dir, '~t_O.npy'), npyBytes(a.O));
    await writeFile(path.join(dir, '.t_O.npy'), npyBytes(a.O));
    await writeFile(path.join(dir, 't_O.npy.crdownload'), npyBytes(a.O));
    await mkdir(path.join(dir, 'r.partial-1-2'));
    await writeFile(path.join(dir, 'r.partial-1-2', 'r_HAADF.npy'), npyBytes(a.haadf));
    await writeFile(path.join(dir, 'r.partial-1-2', 'r_Ga.npy'), npyBytes(a.Ga));
    await sleep(600);
    expect(log).toEqual([]);
    expect(w.state()).toEqual([]);
    await rename(path.join(dir, 't_HAADF.npy.tmp'), path.join(dir, 't_HAADF.npy'));
    await rename(path.join(dir, 't_Ga.npy.part'), path.join(dir, 't_Ga.npy'));
    const done = await waitFor(w, 'fusion-done');
    expect(done.id).toBe('t');
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.inputs.elements).toEqual(['Ga']);
    expect(w.state().map((d) => [d.id, d.members.map((m) => path.basename(m.file))])).toEqual([['t', ['t_Ga.npy', 't_HAADF.npy']]]);
  });

  it('fuses 50 datasets dropped at once, each exactly once, one at a time, first in first out', async () => {
    const fake = fakeFuse(1);
    let concurrent = 0, maxConcurrent = 0;
    const fuse: typeof fake.fuse = async (...args) => {
      maxConcurrent = Math.max(maxConcurrent, ++concurrent);
      try { return await fake.fuse(...args); } finally { concurrent--; }
    };
    const { w, dir, out } = await started({ fuse });
    const log = record(w);
    const all = new Set<string>();
    const fifty = new Promise<void>((resolve) => w.on('fusion-done', (e) => { all.add(e.id); if (all.size === 50) resolve(); }));
    await Promise.all(Array.from({ length: 50 }, (_, i) => writeGroup(dir, `d${String(i).padStart(2, '0')}`, 10 + i)));
    await fifty;
    await sleep(300);
    await w.whenIdle();
    const done = log.filter((l) => l.name === 'fusion-done').map((l) => (l.e as FusionDoneEvent).id);
    expect(done).toHaveLength(50);
    expect(new Set(done).size).toBe(50);
    expect(fake.calls).toHaveLength(50);
    expect(maxConcurrent).toBe(1);
    // FIFO: fusions start in the order datasets were queued
    const queued = log.filter((l) => l.name === 'dataset-queued').map((l) => (l.e as { id: string }).id);
    const startedIds = log.filter((l) => l.name === 'fusion-started').map((l) => (l.e as { id: string }).id);
    expect(startedIds).toEqual(queued);
    expect(log.filter((l) => l.name === 'dataset-failed')).toEqual([]);
    const state = w.state();
    expect(state).toHaveLength(50);
    expect(state.every((d) => d.phase === 'done' && d.fusions === 1 && d.members.length === 3)).toBe(true);
    expect(existsSync(path.join(out, 'd37', 'report.json'))).toBe(true);
    expect(existsSync(path.join(out, 'd37', 'fused_Ga.npy'))).toBe(true);
  });

  it('retries an unreadable file, then reports it with the reader message, and keeps going', async () => {
    const fake = fakeFuse();
    const { w, dir } = await started({ fuse: fake.fuse, readAttempts: 3 });
    const log = record(w);
    const a = acquisition(3);
    const t0 = Date.now();
    await writeFile(path.join(dir, 'bad_HAADF.npy'), 'this is not an npy file at all');
    await writeFile(path.join(dir, 'bad_Ga.npy'), npyBytes(a.Ga));
    const failed = await waitFor(w, 'dataset-failed');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(FAST.retryDelayMs! * 3); // two waits: 60 + 120 ms
    expect(failed.id).toBe('bad');
    expect(failed.stage).toBe('read');
    expect(path.basename(failed.file)).toBe('bad_HAADF.npy');
    expect(failed.message).toMatch(/bad_HAADF\.npy: is not a valid \.npy file/);
    expect(w.state()).toMatchObject([{ id: 'bad', phase: 'failed', readAttempts: 3, message: failed.message }]);
    await writeGroup(dir, 'good', 4);
    const done = await waitFor(w, 'fusion-done');
    expect(done.id).toBe('good');
    await w.whenIdle();
    expect(log.filter((l) => l.name === 'dataset-failed')).toHaveLength(1); // reported once
    expect(fake.calls.map((c) => c.inputs.elements)).toEqual([['Ga', 'O']]);
    // fixing the bad file brings the dataset back
    await writeFile(path.join(dir, 'bad_HAADF.npy'), npyBytes(a.haadf));
    expect((await waitFor(w, 'fusion-done')).id).toBe('bad');
  });

  it('re-fuses a dataset that grew, warm-started from its previous result', async () => {
    const fake = fakeFuse();
    const { w, dir, out } = await started({ fuse: fake.fuse });
    const log = record(w);
    await writeGroup(dir, 'grow', 5, 2);
    const first = await waitFor(w, 'fusion-done');
    expect(first).toMatchObject({ id: 'grow', run: 1, warmStart: false });
    const firstReport = JSON.parse(await readFile(path.join(out, 'grow', 'report.json'), 'utf8'));
    expect(firstReport.start).toBe('data');
    await writeGroup(dir, 'grow', 5, 4); // frames 3 and 4 summed in: the same files, rewritten bigger
    const second = await waitFor(w, 'fusion-done');
    expect(second).toMatchObject({ id: 'grow', run: 2, warmStart: true });
    expect(fake.calls).toHaveLength(2);
    const [c1, c2] = fake.calls as [typeof fake.calls[0], typeof fake.calls[0]];
    expect(c1.warmStart).toBeUndefined();
    expect(c2.warmStart).toHaveLength(2);
    c2.warmStart!.forEach((m, i) => expect(Array.from(m)).toEqual(Array.from(c1.inputs.maps[i]!, (v) => Math.fround(v * 0.5 + 1))));
    const a4 = acquisition(5, 4);
    let sum = 0;
    for (let f = 0; f < 4; f++) sum += a4.haadf[f * N]!;
    expect(c2.inputs.haadf[0]).toBeCloseTo(sum, 3); // frames summed
    const queued = log.filter((l) => l.name === 'dataset-queued').map((l) => (l.e as { reason: string }).reason);
    expect(queued).toEqual(['new', 'changed']);
    expect(JSON.parse(await readFile(path.join(out, 'grow', 'report.json'), 'utf8')).start).toBe('warm'); // replaced
  });

  it('uses parameters set while running for the next fusion, and a running fusion is not cancelled by a newer dataset', async () => {
    const fake = fakeFuse(80);
    const { w, dir } = await started({ fuse: fake.fuse });
    await writeGroup(dir, 'p1', 6);
    await waitFor(w, 'fusion-started');
    w.setParams({ ...DEFAULT_PARAMS, iterations: 7 });
    await writeGroup(dir, 'p2', 7);
    const done = [await waitFor(w, 'fusion-done'), await waitFor(w, 'fusion-done')];
    expect(done.map((d) => d.id)).toEqual(['p1', 'p2']);
    expect(fake.calls.map((c) => c.params.iterations)).toEqual([DEFAULT_PARAMS.iterations, 7]);
  });

  it('fuses a change that lands during a fusion right after it, warm-started; refuse() fuses again on request', async () => {
    const fake = fakeFuse(100);
    const { w, dir } = await started({ fuse: fake.fuse });
    await writeGroup(dir, 'live', 11, 1);
    await waitFor(w, 'fusion-started');
    await writeGroup(dir, 'live', 11, 2); // a second frame arrives while the first is being fused
    expect(w.state()[0]!.phase).toBe('fusing');
    expect(await waitFor(w, 'fusion-done')).toMatchObject({ run: 1, warmStart: false });
    expect(await waitFor(w, 'fusion-done')).toMatchObject({ run: 2, warmStart: true });
    await w.whenIdle();
    expect(fake.calls).toHaveLength(2);
    expect(w.refuse('nope')).toBe(false);
    w.setParams({ ...DEFAULT_PARAMS, lambdaTV: 0.5 });
    expect(w.refuse('live')).toBe(true);
    expect(await waitFor(w, 'fusion-done')).toMatchObject({ run: 3, warmStart: true });
    expect(fake.calls[2]!.params.lambdaTV).toBe(0.5);
  });

  it('takes a whole-dataset file (.npz here; .emd, .h5, .hspy alike) as one dataset, in subfolders too', async () => {
    const fake = fakeFuse();
    const { w, dir, out } = await started({ fuse: fake.fuse });
    const fixture = path.resolve(import.meta.dirname, '../io/fixtures/dataset.npz');
    await mkdir(path.join(dir, 'day2'));
    await copyFile(fixture, path.join(dir, 'day2', 'run7.npz.tmp'));
    await rename(path.join(dir, 'day2', 'run7.npz.tmp'), path.join(dir, 'day2', 'run7.npz')); // as acquisition software saves
    const log = record(w);
    const done = await waitFor(w, 'fusion-done').catch((e: unknown) => { console.log(JSON.stringify(log), JSON.stringify(w.state())); throw e; });
    expect(done).toMatchObject({ id: 'day2/run7', elements: ['Co', 'Mn'], resultDir: path.join(out, 'day2', 'run7') });
    expect(fake.calls[0]!.inputs).toMatchObject({ width: 8, height: 6, elements: ['Co', 'Mn'] });
    const report = JSON.parse(await readFile(path.join(out, 'day2', 'run7', 'report.json'), 'utf8'));
    expect(report.inputs).toMatchObject([{ role: 'dataset', file: path.join(dir, 'day2', 'run7.npz') }]);
    expect(report.notes.join(' ')).toMatch(/Ni.*excluded/);
  });

  it('waits for a group to have a HAADF and a map, reports progress, and stop() ends everything', async () => {
    const fake = fakeFuse();
    const { w, dir } = await started({ fuse: fake.fuse });
    const errors: string[] = [];
    w.on('watcher-error', (e) => { errors.push(e.message); throw new Error('and so does this one'); });
    w.on('dataset-detected', () => { throw new Error('a listener bug'); }); // must not stop the watcher
    const a = acquisition(8);
    await writeFile(path.join(dir, 'g_Ga.npy'), npyBytes(a.Ga));
    await sleep(500);
    await w.whenIdle();
    expect(w.state()).toMatchObject([{ id: 'g', phase: 'incomplete', message: 'waiting for a HAADF (or dark-field) image' }]);
    const progress: number[] = [];
    w.on('fusion-progress', (e) => progress.push(e.iteration));
    await writeFile(path.join(dir, 'g_HAADF.npy'), npyBytes(a.haadf));
    await waitFor(w, 'fusion-done');
    expect(progress).toEqual([1, 2, 3]);
    expect(errors).toEqual(['an event listener threw: a listener bug']);
    await w.stop();
    await writeGroup(dir, 'after', 9);
    await sleep(400);
    expect(fake.calls).toHaveLength(1);
    expect(w.state().map((d) => d.id)).toEqual(['g']);
  });
});
