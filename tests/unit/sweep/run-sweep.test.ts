import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { fuse } from '../../../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS, REFERENCE_TUTORIAL_2 } from '../../../src/compute/solve/params.js';
import { gridId, makeGrid, parseCellSlice, type GridInput } from '../../../src/compute/sweep/grid.js';
import { runCell, type FuseFn } from '../../../src/compute/sweep/run-cell.js';
import { runSweep, type SweepProgress } from '../../../src/compute/sweep/run-sweep.js';
import { SweepMismatch, SweepStore } from '../../../src/compute/node/sweep-store.js';

// A small, quick grid: 2 × 3 cells of a 32² core–shell, 2 realisations, 5 iterations.
const input: GridInput = { phantom: 'core-shell', size: 32, haadfSnr: [3, 30], chemSnr: [1, 2, 4], realisations: 2, seed: 3, params: { ...DEFAULT_PARAMS, iterations: 5, tvIterations: 4 } };
const grid = makeGrid(input);

let backend: CpuBackend;
let root: string;
let dirNo = 0;
const newDir = () => path.join(root, `s${dirNo++}`);
beforeAll(async () => {
  backend = new CpuBackend({ threads: 1 });
  root = await mkdtemp(path.join(tmpdir(), 'fusem-sweep-'));
});
afterAll(async () => {
  await backend.dispose();
  await rm(root, { recursive: true, force: true });
});

/** The real fusion, counting its calls. */
function countingFuse(): { fuse: FuseFn; calls: () => number } {
  let n = 0;
  return { fuse: (i, p, o) => { n++; return fuse(i, p, { ...o, backend }); }, calls: () => n };
}

describe('runSweep', () => {
  it('runs exactly the cells of a slice (2:5 → 2, 3, 4) and writes one file per cell', async () => {
    const store = await SweepStore.create(newDir(), grid);
    const counter = countingFuse();
    const run = await runSweep(store, { cells: parseCellSlice('2:5', 6), backend, fuse: counter.fuse });
    expect(run).toEqual({ ran: [2, 3, 4], skipped: [], cancelled: false });
    expect(counter.calls()).toBe(3 * grid.realisations);
    expect((await readdir(path.join(store.dir, 'cells'))).sort()).toEqual(['2.json', '3.json', '4.json']);
    const c = await store.collect();
    expect(c.missing).toEqual([0, 1, 5]);
    expect(c.complete).toBe(false);
    expect(c.meanNrmse[0]![2]).toBeCloseTo((await store.readCell(2))!.meanNrmse, 12);
    expect(c.meanNrmse[0]![0]).toBeNull();
    expect(c.elements).toEqual(['Co', 'S', 'O']);
  });

  it('resumes: after a slice, the full grid runs only the missing cells', async () => {
    const dir = newDir();
    const counter = countingFuse();
    await runSweep(await SweepStore.create(dir, grid), { cells: [1, 4], backend, fuse: counter.fuse });
    expect(counter.calls()).toBe(4);
    // a restart: a new store object on the same directory
    const progress: SweepProgress[] = [];
    const run = await runSweep(await SweepStore.create(dir, grid), { backend, fuse: counter.fuse, onProgress: (p) => progress.push(p) });
    expect(run.ran).toEqual([0, 2, 3, 5]);
    expect(run.skipped).toEqual([1, 4]);
    expect(counter.calls()).toBe(4 + 4 * grid.realisations);
    expect(progress.filter((p) => p.kind !== 'realisation').map((p) => [p.kind, p.cell, p.done, p.total])).toEqual([
      ['cell', 0, 1, 6], ['skipped', 1, 2, 6], ['cell', 2, 3, 6], ['cell', 3, 4, 6], ['skipped', 4, 5, 6], ['cell', 5, 6, 6],
    ]);
    expect(progress.filter((p) => p.kind === 'realisation')).toHaveLength(4 * grid.realisations);
    const c = await SweepStore.open(dir).then((s) => s.collect());
    expect(c.complete).toBe(true);
    expect(c.meanNrmse.flat().every((v) => typeof v === 'number' && v > 0 && v < 2)).toBe(true);
    // a third run has nothing to do
    const again = await runSweep(await SweepStore.create(dir, grid), { backend, fuse: counter.fuse });
    expect(again.ran).toEqual([]);
    expect(counter.calls()).toBe(4 + 4 * grid.realisations);
  });

  it('redoes a corrupt, truncated or foreign cell file', async () => {
    const store = await SweepStore.create(newDir(), grid);
    await runSweep(store, { cells: [0, 1, 2, 3], backend });
    const good = await readFile(store.cellFile(0), 'utf8');
    await writeFile(store.cellFile(0), good.slice(0, good.length / 2)); // truncated
    await writeFile(store.cellFile(1), JSON.stringify({ ...JSON.parse(good), cell: 1, gridId: '0123456789abcdef' })); // another grid's
    await writeFile(store.cellFile(2), JSON.stringify({ ...JSON.parse(good), cell: 0 })); // cell 0's result under 2's name
    const counter = countingFuse();
    const run = await runSweep(store, { cells: [0, 1, 2, 3], backend, fuse: counter.fuse });
    expect(run.ran).toEqual([0, 1, 2]);
    expect(run.skipped).toEqual([3]);
    expect(counter.calls()).toBe(3 * grid.realisations);
    expect(JSON.parse(await readFile(store.cellFile(0), 'utf8'))).toMatchObject({ cell: 0, gridId: store.gridId });
    expect((await store.collect()).missing).toEqual([4, 5]);
  });

  it('is deterministic: the same grid gives the same NRMSE; another seed gives another', async () => {
    const id = gridId(grid);
    const a = await runCell(grid, id, 4, { backend });
    const b = await runCell(grid, id, 4, { backend });
    expect(b.realisations.map((r) => [r.seed, r.nrmse, r.rawNrmse])).toEqual(a.realisations.map((r) => [r.seed, r.nrmse, r.rawNrmse]));
    expect(b.meanNrmse).toBe(a.meanNrmse);
    const other = makeGrid({ ...input, seed: 4 });
    const c = await runCell(other, gridId(other), 4, { backend });
    expect(c.meanNrmse).not.toBe(a.meanNrmse);
    // the record: per element, raw and fused, means consistent with the realisations, the predicted error averaged too
    expect(Object.keys(a.nrmse)).toEqual(['Co', 'S', 'O']);
    expect(a.meanNrmse).toBeCloseTo((a.realisations[0]!.meanNrmse + a.realisations[1]!.meanNrmse) / 2, 12);
    expect(a.meanNrmse).toBeLessThan(a.rawMeanNrmse);
    expect(a.averageStderr).toBeCloseTo((a.realisations[0]!.relativeStderr + a.realisations[1]!.relativeStderr) / 2, 12);
    expect(a.averageStderr).toBeGreaterThan(0);
    expect([a.haadfSnr, a.chemSnr, a.i, a.j]).toEqual([30, 2, 1, 1]);
  });

  it('scores reference-mode results (min–max normalised) in counts, like counts mode', async () => {
    const ref = makeGrid({ ...input, params: { ...REFERENCE_TUTORIAL_2, iterations: 5 } });
    const c = await runCell(ref, gridId(ref), 4, { backend });
    const counts = await runCell(grid, gridId(grid), 4, { backend });
    expect(c.rawMeanNrmse).toBe(counts.rawMeanNrmse); // the same noisy maps
    expect(c.meanNrmse).toBeGreaterThan(0);
    expect(c.meanNrmse).toBeLessThan(c.rawMeanNrmse); // in the truth's units, not [0, 1]
  });

  it('cancel stops between cells and keeps the finished ones', async () => {
    const store = await SweepStore.create(newDir(), grid);
    const controller = new AbortController();
    const run = await runSweep(store, {
      backend, signal: controller.signal,
      onProgress: (p) => { if (p.kind === 'cell' && p.cell === 1) controller.abort(); },
    });
    expect(run).toEqual({ ran: [0, 1], skipped: [], cancelled: true });
    expect((await store.collect()).missing).toEqual([2, 3, 4, 5]);
    const resumed = await runSweep(store, { backend });
    expect(resumed.ran).toEqual([2, 3, 4, 5]);
  });

  it('cancel inside a fusion writes nothing for the interrupted cell', async () => {
    const store = await SweepStore.create(newDir(), grid);
    const controller = new AbortController();
    let calls = 0;
    const abortingFuse: FuseFn = (i, p, o) => { if (++calls === 3) controller.abort(); return fuse(i, p, { ...o, backend }); }; // first realisation of cell 1
    const run = await runSweep(store, { backend, signal: controller.signal, fuse: abortingFuse });
    expect(run).toEqual({ ran: [0], skipped: [], cancelled: true });
    expect((await readdir(path.join(store.dir, 'cells'))).filter((f) => f.endsWith('.json'))).toEqual(['0.json']);
  });

  it('refuses a directory that holds another sweep, and an edited sweep.json', async () => {
    const dir = newDir();
    await SweepStore.create(dir, grid);
    await expect(SweepStore.create(dir, makeGrid({ ...input, realisations: 3 }))).rejects.toThrow(SweepMismatch);
    const file = JSON.parse(await readFile(SweepStore.sweepFile(dir), 'utf8')) as { grid: { seed: number } };
    file.grid.seed = 99;
    await writeFile(SweepStore.sweepFile(dir), JSON.stringify(file));
    await expect(SweepStore.open(dir)).rejects.toThrow(/edited/);
    await expect(SweepStore.open(path.join(root, 'nothing-here'))).rejects.toThrow(/not a sweep directory/);
  });
});
