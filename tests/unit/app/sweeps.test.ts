// sweep.*: dose/SNR sweeps in the open project, run as batch jobs on a real compute host, cancelled and resumed.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { SweepStore } from '../../../src/compute/node/sweep-store.js';
import type { AppService } from '../../../src/main/services/app/index.js';
import { startApp, temp, until, type AppFixture } from './app-fixture.js';
import { newSweepId } from '../../../src/main/services/app/sweeps.js';
import { checkEvent, dispatch, type ApiEvent } from '../../../src/shared/api/index.js';

let app: AppFixture;
let service: AppService;
let events: ApiEvent[];
let projectDir: string;
const listeners = new Set<(e: ApiEvent) => void>();
const progressOf = (sweepId: string) => events.flatMap((e) => (e.event === 'sweep.progress' && e.payload.sweepId === sweepId ? [e.payload] : []));
const doneOf = (sweepId: string) => events.flatMap((e) => (e.event === 'sweep.done' && e.payload.sweepId === sweepId ? [e.payload] : []));

/** The phantoms need at least 32 pixels a side (the contract's 24 is below it). */
const SIZE = 32;
const PARAMS = { ...DEFAULT_PARAMS, iterations: 10 };

beforeAll(async () => {
  app = await startApp('fusem-sweep-config-');
  ({ service, events } = app);
  service.subscribe((e) => { for (const l of listeners) l(e); });
});

afterAll(() => app.close());

describe('sweeps in the app', () => {
  it('refuses sweeps while no project is open, and names unknown sweeps not-found', async () => {
    const start = { phantom: 'core-shell' as const, size: SIZE, haadfSnr: [5], chemSnr: [1], realisations: 1 };
    await expect(service['sweep.start'](start)).rejects.toMatchObject({ code: 'conflict' });
    await expect(service['sweep.list']({})).rejects.toMatchObject({ code: 'conflict' });
    projectDir = path.join(await temp('fusem-sweep-project-'), 'p');
    await service['project.create']({ dir: projectDir, name: 'sweeps' });
    expect(await service['sweep.list']({})).toEqual({ sweeps: [] });
    await expect(service['sweep.get']({ sweepId: 'sw-nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(service['sweep.resume']({ sweepId: 'sw-nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(service['sweep.cancel']({ sweepId: 'sw-nope' })).rejects.toMatchObject({ code: 'not-found' });
    // a size the phantoms cannot make is a bad request, through dispatch too
    const r = await dispatch(service, { method: 'sweep.start', params: { ...start, size: 24 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(newSweepId(new Date('2026-03-21T15:30:12.345Z'))).toMatch(/^sw-20260321T153012-[0-9a-f]{6}$/);
  });

  it('runs a 2×2 sweep as batch jobs: progress per cell, done, and the NRMSE and standard-error matrices', async () => {
    const { sweepId } = await service['sweep.start']({
      phantom: 'core-shell', size: SIZE, haadfSnr: [5, 40], chemSnr: [1, 4], realisations: 1, params: PARAMS,
    });
    expect(existsSync(SweepStore.sweepFile(path.join(projectDir, 'sweeps', sweepId)))).toBe(true);
    await until(() => doneOf(sweepId).length > 0);
    expect(doneOf(sweepId)).toEqual([{ sweepId, cancelled: false }]);
    const progress = progressOf(sweepId);
    expect(progress.map((p) => [p.cell, p.done, p.total])).toEqual([[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 4, 4]]);
    for (const e of events.filter((x) => x.event.startsWith('sweep.'))) expect(checkEvent(e).ok).toBe(true);

    const got = await service['sweep.get']({ sweepId });
    expect(got).toMatchObject({ sweepId, phantom: 'core-shell', haadfSnr: [5, 40], chemSnr: [1, 4], missing: [], complete: true, running: false });
    expect(got.meanNrmse).toHaveLength(2);
    for (const m of [got.meanNrmse, got.rawMeanNrmse, got.averageStderr]) {
      expect(m.map((row) => row.length)).toEqual([2, 2]);
      for (const v of m.flat()) expect(v).toBeGreaterThan(0);
    }
    expect(got.meanNrmse[0]![0]).toBeCloseTo(progress[0]!.meanNrmse, 12);
    // fusion beats the raw maps at the lowest chemical SNR
    expect(got.meanNrmse[0]![0]!).toBeLessThan(got.rawMeanNrmse[0]![0]!);
    // and the result validates against the contract
    expect(await dispatch(service, { method: 'sweep.get', params: { sweepId } })).toMatchObject({ ok: true });
  }, 60_000);

  it('cancels after the first cell, keeps it, and resumes only the missing cells', async () => {
    let sweepId = '';
    const cancelled: Promise<{ cancelled: boolean }>[] = [];
    const onFirst = (e: ApiEvent) => {
      if (e.event === 'sweep.progress' && e.payload.sweepId === sweepId && cancelled.length === 0) cancelled.push(service['sweep.cancel']({ sweepId }));
    };
    listeners.add(onFirst);
    ({ sweepId } = await service['sweep.start']({
      phantom: 'core-shell', size: SIZE, haadfSnr: [5, 10, 40], chemSnr: [1, 2, 4], realisations: 1, params: PARAMS,
    }));
    await expect(service['sweep.resume']({ sweepId })).rejects.toMatchObject({ code: 'conflict' });
    await until(() => doneOf(sweepId).length > 0);
    listeners.delete(onFirst);
    expect(await cancelled[0]).toEqual({ cancelled: true });
    expect(doneOf(sweepId)).toEqual([{ sweepId, cancelled: true }]);
    expect(progressOf(sweepId)).toHaveLength(1);

    const stopped = await service['sweep.get']({ sweepId });
    expect(stopped).toMatchObject({ complete: false, running: false, missing: [1, 2, 3, 4, 5, 6, 7, 8] });
    expect(stopped.meanNrmse[0]![0]).not.toBeNull();
    expect(stopped.meanNrmse[2]![2]).toBeNull();
    expect(await service['sweep.cancel']({ sweepId })).toEqual({ cancelled: false });
    const listed = (await service['sweep.list']({})).sweeps.find((s) => s.sweepId === sweepId);
    expect(listed).toMatchObject({ phantom: 'core-shell', size: SIZE, haadfSnr: [5, 10, 40], chemSnr: [1, 2, 4], realisations: 1, cells: 9, done: 1, running: false });

    expect(await service['sweep.resume']({ sweepId })).toEqual({ sweepId });
    expect((await service['sweep.list']({})).sweeps.find((s) => s.sweepId === sweepId)?.running).toBe(true);
    await until(() => doneOf(sweepId).length > 1);
    expect(doneOf(sweepId)[1]).toEqual({ sweepId, cancelled: false });
    const resumed = progressOf(sweepId).slice(1);
    expect(resumed.map((p) => p.cell)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(resumed.map((p) => p.done)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const finished = await service['sweep.get']({ sweepId });
    expect(finished).toMatchObject({ complete: true, missing: [], running: false });
    expect(typeof finished.stderrCorrelation).toBe('number');

    const { sweeps } = await service['sweep.list']({});
    expect(sweeps).toHaveLength(2);
    expect(sweeps.find((s) => s.sweepId === sweepId)).toMatchObject({ cells: 9, done: 9, running: false });
    expect(sweeps.every((s) => s.created.length > 0)).toBe(true);
    expect(await dispatch(service, { method: 'sweep.list' })).toMatchObject({ ok: true });
  }, 60_000);

  it('stops a running sweep when the project closes; it resumes after reopening; read-only refuses', async () => {
    const { sweepId } = await service['sweep.start']({
      phantom: 'core-shell', size: SIZE, haadfSnr: [5, 10], chemSnr: [1, 2], realisations: 1, params: PARAMS,
    });
    await service['project.close']({});
    expect(doneOf(sweepId)).toEqual([{ sweepId, cancelled: true }]);
    await service['project.open']({ dir: projectDir, readOnly: true });
    const state = await service['sweep.get']({ sweepId });
    expect(state.running).toBe(false);
    await expect(service['sweep.resume']({ sweepId })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service['sweep.start']({ phantom: 'lattice', size: SIZE, haadfSnr: [5], chemSnr: [1], realisations: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    await service['project.open']({ dir: projectDir });
    await service['sweep.resume']({ sweepId });
    await until(() => doneOf(sweepId).length > 1);
    expect(doneOf(sweepId)[1]).toEqual({ sweepId, cancelled: false });
    expect(state.missing.length).toBeGreaterThan(0);
    expect(progressOf(sweepId)).toHaveLength(4); // each cell once: before the close, or after the resume
    expect(progressOf(sweepId).slice(-state.missing.length).map((p) => p.cell)).toEqual(state.missing);
    expect(await service['sweep.get']({ sweepId })).toMatchObject({ complete: true, running: false });
  }, 60_000);
});
