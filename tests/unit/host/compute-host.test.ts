import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComputeHost, ComputeJobError, type HostEvent, type JobHandle, type JobProgress } from '../../../src/compute/host/compute-host.js';
import { FusionCancelled, type FusionResult } from '../../../src/compute/solve/fuse.js';
import type { JobState } from '../../../src/compute/host/job-queue.js';
import { filmInputs, fuseHere, maxRelativeDifference, params } from './fixtures.js';
import type { JobExtras } from '../../../src/compute/host/protocol.js';
import { advance, resumeRequest } from '../../../src/compute/host/resume.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSpectrumImageHspy } from '../../../src/compute/io/hspy/write-spectrum-image.js';
import { isInputError } from '../../../src/compute/io/errors.js';
import { coreShell } from '../../../src/compute/simulate/index.js';
import { simulateEelsSpectrumImage } from '../../../src/compute/simulate/spectrum-image.js';
import { blockSpectrum } from '../../../src/compute/spectra/cube.js';
import { makeElementMaps } from '../../../src/compute/spectra/make-maps.js';

const CPU1 = { backend: 'cpu', threads: 1 } as const;

/** Resolves at the job's first progress event. */
const started = (h: JobHandle): Promise<JobProgress> => new Promise((resolve) => { const off = h.onProgress((p) => { off(); resolve(p); }); });

function statesOf(h: JobHandle): JobState[] {
  const states: JobState[] = [h.state];
  h.onState((s) => states.push(s));
  return states;
}

describe('ComputeHost with a child process', () => {
  let host: ComputeHost;
  const events: HostEvent[] = [];
  beforeAll(() => {
    host = new ComputeHost();
    host.on((e) => events.push(e));
  });
  afterAll(() => host.dispose());

  it('carries the maps\' per-pixel variances to the compute process (lsq-variances weighs by them, as in-process)', async () => {
    const base = filmInputs(24);
    const inputs = { ...base, variances: base.maps.map((m) => Float32Array.from(m, (v, k) => 1 + 0.5 * v + (k % 24 < 12 ? 0 : 3))) };
    const p = params(6, { dataTerm: 'lsq-variances' });
    const result = await host.submit({ inputs, params: p, options: CPU1 }).result;
    expect(result.dataTerm?.perPixelVariances).toBe(true);
    const here = await fuseHere(inputs, p);
    expect(maxRelativeDifference(result.maps, here.maps)).toBeLessThan(1e-6);
  });

  it('answers spectrum requests in the compute process: summary, region, maps; bad input as an InputError naming the file', async () => {
    const sim = simulateEelsSpectrumImage(coreShell({ width: 32, height: 32, seed: 2 }), { seed: 3, dose: 300 });
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'fusem-host-si-')), 'si.hspy');
    await writeSpectrumImageHspy(file, sim.si, sim.haadf);
    const summary = await host.spectrum({ op: 'summary', file });
    expect(summary).toMatchObject({ kind: 'EELS', rows: 32, cols: 32, counts: null });
    expect(Array.from(summary.haadf!.subarray(0, 8))).toEqual(Array.from(sim.haadf.subarray(0, 8)));
    const region = await host.spectrum({ op: 'region', file, region: { kind: 'point', x: 3, y: 4 } });
    expect(Array.from(region.counts.subarray(0, 16))).toEqual(Array.from(blockSpectrum(sim.si, 4, 5, 3, 4).subarray(0, 16)));
    const mapped = await host.spectrum({ op: 'map', file, request: { elements: ['O'] } });
    expect(Array.from(mapped.maps.maps[0]!)).toEqual(Array.from(makeElementMaps(sim.si, { elements: ['O'] }).maps[0]!));
    const refused = await host.spectrum({ op: 'map', file, request: { elements: ['O'], lines: { O: 'M5' } } }).catch((e: unknown) => e);
    expect(isInputError(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/si\.hspy: /);
    const notSi = await host.spectrum({ op: 'summary', file: path.join(path.dirname(file), 'missing.hspy') }).catch((e: unknown) => e);
    expect(isInputError(notSi)).toBe(true);
    expect((notSi as Error).message).toMatch(/missing\.hspy/);
  });

  it('runs a job in another process, with the in-process result, progress and previews', async () => {
    const inputs = filmInputs(32), p = params(12);
    const handle = host.submit({ inputs, params: p, options: { ...CPU1, previewEvery: 4, previewSize: 16 } });
    const progress: JobProgress[] = [];
    handle.onProgress((e) => progress.push(e));
    const states = statesOf(handle);
    const result = await handle.result;
    expect(host.processInfo?.pid).toBeGreaterThan(0);
    expect(host.processInfo?.pid).not.toBe(process.pid);
    expect(states).toEqual(['queued', 'running', 'done']);

    const here = await fuseHere(inputs, p);
    expect(result.backend).toBe(here.backend);
    expect(result.iterationsRun).toBe(12);
    expect(maxRelativeDifference(result.maps, here.maps)).toBeLessThan(1e-6);
    expect(result.history.map((r) => r.total)).toEqual(here.history.map((r) => r.total));

    expect(progress.map((e) => e.record.iteration)).toEqual(result.history.map((r) => r.iteration));
    expect(progress.map((e) => e.record.total)).toEqual(result.history.map((r) => r.total));
    const previews = progress.filter((e) => e.preview);
    expect(previews.map((e) => e.record.iteration)).toEqual([4, 8, 12]);
    for (const { preview } of previews) {
      expect(preview).toMatchObject({ width: 16, height: 16 });
      expect(preview!.maps).toHaveLength(2);
      expect(preview!.maps.every((m) => m instanceof Float32Array && m.length === 256)).toBe(true);
    }
    // the last preview is the result, shrunk 2× by box averaging
    const last = previews.at(-1)!.preview!.maps[0]!;
    const m = result.maps[0]!;
    expect(last[0]).toBeCloseTo((m[0]! + m[1]! + m[32]! + m[33]!) / 4, 3);
  });

  it('cancels a running job: state cancelled, no result', async () => {
    const handle = host.submit({ inputs: filmInputs(32), params: params(100_000), options: CPU1 });
    const states = statesOf(handle);
    await started(handle);
    handle.cancel();
    await expect(handle.result).rejects.toBeInstanceOf(FusionCancelled);
    expect(handle.state).toBe('cancelled');
    expect(states).toEqual(['queued', 'running', 'cancelled']);
    // and a queued job is cancelled before it starts
    const first = host.submit({ inputs: filmInputs(16), params: params(2), options: CPU1 });
    const queued = host.submit({ inputs: filmInputs(16), params: params(2), options: CPU1 });
    queued.cancel();
    await expect(queued.result).rejects.toBeInstanceOf(FusionCancelled);
    await expect(first.result).resolves.toMatchObject({ iterationsRun: 2 });
  });

  it('fails a job with bad inputs with the problem, and the process keeps serving', async () => {
    const pid = host.processInfo?.pid;
    const restarts = host.restarts;
    const inputs = filmInputs(16);
    const bad = { ...inputs, elements: ['Ga', 'Qx'], maps: [inputs.maps[0]!, inputs.maps[1]!.map((v, k) => (k === 3 ? NaN : v))] };
    const handle = host.submit({ inputs: bad, params: params(3), options: CPU1 });
    const error: unknown = await handle.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComputeJobError);
    expect((error as ComputeJobError).kind).toBe('input');
    expect((error as ComputeJobError).message).toMatch(/"Qx" is not an element symbol/);
    expect((error as ComputeJobError).message).toMatch(/1 NaN or infinite values/);
    const badParams = host.submit({ inputs, params: params(3, { gamma: 7 }), options: CPU1 });
    await expect(badParams.result).rejects.toThrow(/gamma must be in/);
    await expect(host.submit({ inputs, params: params(2), options: CPU1 }).result).resolves.toMatchObject({ iterationsRun: 2 });
    expect(host.processInfo?.pid).toBe(pid);
    expect(host.restarts).toBe(restarts);
  });

  it('recovers when the compute process is killed: the job fails naming the signal, queued jobs run in a new process', async () => {
    const doomed = host.submit({ inputs: filmInputs(32), params: params(100_000), options: CPU1 });
    const next = host.submit({ inputs: filmInputs(16), params: params(3), options: CPU1 });
    await started(doomed);
    const pid = host.processInfo!.pid!;
    process.kill(pid, 'SIGKILL');
    const error: unknown = await doomed.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComputeJobError);
    expect((error as ComputeJobError).kind).toBe('crash');
    expect((error as ComputeJobError).message).toMatch(/compute process exited with signal SIGKILL/);
    expect(doomed.state).toBe('failed');
    await expect(next.result).resolves.toMatchObject({ iterationsRun: 3 });
    expect(host.restarts).toBe(1);
    expect(host.processInfo?.pid).not.toBe(pid);
    expect(events).toContainEqual({ type: 'process-exited', reason: 'compute process exited with signal SIGKILL', restarting: true });
  });

  describe('spectrum requests beside fusions', () => {
    let file: string;
    let sim: ReturnType<typeof simulateEelsSpectrumImage>;
    beforeAll(async () => {
      sim = simulateEelsSpectrumImage(coreShell({ width: 32, height: 32, seed: 5 }), { seed: 6, dose: 300 });
      file = path.join(await mkdtemp(path.join(tmpdir(), 'fusem-host-si2-')), 'si.hspy');
      await writeSpectrumImageHspy(file, sim.si, sim.haadf);
    });

    it('a request during a running fusion is answered while it runs, and the fusion goes on afterwards', async () => {
      const fusion = host.submit({ inputs: filmInputs(48), params: params(100_000), options: CPU1 });
      await started(fusion);
      const region = await host.spectrum({ op: 'region', file, region: { kind: 'rect', x0: 2, y0: 3, x1: 9, y1: 7 } });
      expect(fusion.state).toBe('running');
      expect(region.pixels).toBe(28);
      expect(Array.from(region.counts.subarray(0, 32))).toEqual(Array.from(blockSpectrum(sim.si, 3, 7, 2, 9).subarray(0, 32)));
      await started(fusion); // its next iteration comes after the answer
      fusion.cancel();
      await expect(fusion.result).rejects.toBeInstanceOf(FusionCancelled);
    });

    it('a request in flight when the process dies fails as a crash; the next is answered by the new process', async () => {
      await host.spectrum({ op: 'summary', file }); // the process is up
      const pid = host.processInfo!.pid!;
      const restarts = host.restarts;
      process.kill(pid, 'SIGSTOP'); // the request reaches the process but is never read
      const lost = host.spectrum({ op: 'summary', file }).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 200));
      process.kill(pid, 'SIGKILL');
      const error = await lost;
      expect(error).toBeInstanceOf(ComputeJobError);
      expect((error as ComputeJobError).kind).toBe('crash');
      const again = await host.spectrum({ op: 'summary', file });
      expect(again).toMatchObject({ kind: 'EELS', rows: 32, cols: 32 });
      expect(Array.from(again.haadf!.subarray(0, 8))).toEqual(Array.from(sim.haadf.subarray(0, 8)));
      expect(host.restarts).toBe(restarts + 1);
      expect(host.processInfo?.pid).not.toBe(pid);
    });
  });
});

describe('pre-emption', () => {
  for (const preemption of ['resume', 'restart'] as const) {
    it(`a preview job pre-empts a running batch job, which then completes (${preemption})`, async () => {
      const host = new ComputeHost({ preemption });
      try {
        const inputs = filmInputs(32), p = params(1500);
        const batch = host.submit({ inputs, params: p, priority: 'batch', options: CPU1 });
        const batchStates = statesOf(batch);
        const iterations: number[] = [];
        batch.onProgress((e) => iterations.push(e.record.iteration));
        const order: string[] = [];
        await started(batch);
        const preview = host.submit({ inputs: filmInputs(16), params: params(3), priority: 'preview', options: CPU1 });
        preview.result.then(() => order.push('preview'), () => undefined);
        const result = await batch.result;
        order.push('batch');
        await preview.result;
        expect(order).toEqual(['preview', 'batch']);
        expect(batchStates).toEqual(['queued', 'running', 'queued', 'running', 'done']);
        expect(result.iterationsRun).toBe(1500);
        expect(result.params.iterations).toBe(1500);
        expect(result.history).toHaveLength(1500);
        expect(result.history.map((r) => r.iteration)).toEqual(Array.from({ length: 1500 }, (_, k) => k + 1));
        const here = await fuseHere(inputs, p);
        if (preemption === 'restart') {
          expect(iterations.at(-1)).toBe(1500);
          expect(maxRelativeDifference(result.maps, here.maps)).toBeLessThan(1e-6);
        } else {
          // resumed: every iteration ran once, the progress stream counts on, the result is close to an uninterrupted run
          expect(iterations).toEqual(Array.from({ length: 1500 }, (_, k) => k + 1));
          expect(result.start).toBe('data');
          expect(maxRelativeDifference(result.maps, here.maps)).toBeLessThan(1e-3);
        }
      } finally {
        await host.dispose();
      }
    });
  }
});

describe('auto parameters and standard errors in the compute process', () => {
  /** Standard-error maps: one per element, right length, finite and > 0 where the element is present. */
  function expectStderr(extras: JobExtras, result: FusionResult): void {
    const se = extras.stderr!;
    expect(se.method).toBe('solver');
    expect(se.units).toBe(result.units);
    expect(se.maps).toHaveLength(result.elements.length);
    expect(se.average).toHaveLength(result.elements.length);
    expect(Object.keys(se.report.averageStandardError)).toEqual(result.elements);
    se.maps.forEach((m, i) => {
      expect(m).toBeInstanceOf(Float32Array);
      expect(m.length).toBe(result.width * result.height);
      const fused = result.maps[i]!;
      const peak = Math.max(...fused);
      let present = 0;
      m.forEach((v, k) => { if (fused[k]! > 0.2 * peak) { present++; expect(Number.isFinite(v) && v > 0, `${result.elements[i]} pixel ${k}`).toBe(true); } });
      expect(present).toBeGreaterThan(0);
    });
  }

  it('chooses λ on the grid, fuses with it and returns the curve and standard-error maps as the job\'s extras', async () => {
    const host = new ComputeHost({ transport: 'worker-thread' });
    try {
      const inputs = filmInputs(16), p = params(8);
      const handle = host.submit({ inputs, params: p, options: { ...CPU1, auto: true, stderr: true } });
      const [result, extras] = await Promise.all([handle.result, handle.extras]);
      const auto = extras.auto!;
      expect(auto.curve.length).toBeGreaterThanOrEqual(3); // the default path search (issue 10): the start and its neighbours on each axis
      expect(auto.curve.some((c) => c.lambdaTV === auto.chosen.lambdaTV && c.lambdaChem === auto.chosen.lambdaChem)).toBe(true);
      expect(result.params).toMatchObject(auto.chosen);
      expectStderr(extras, result);
      // without the options: no extras
      const plain = host.submit({ inputs, params: p, options: CPU1 });
      await plain.result;
      expect(await plain.extras).toEqual({});
      // a failed job's extras are empty too
      const bad = host.submit({ inputs, params: params(3, { gamma: 7 }), options: { ...CPU1, stderr: true } });
      await expect(bad.result).rejects.toBeInstanceOf(ComputeJobError);
      expect(await bad.extras).toEqual({});
    } finally {
      await host.dispose();
    }
  });

  it('a resume point keeps the first attempt\'s λ choice: the next attempt fuses with it and does not choose again', () => {
    const auto = { method: 'thinning' as const, score: 'squared' as const, folds: 2, chosen: { lambdaTV: 0.05, lambdaChem: 0.3 }, curve: [], notes: [], wallMs: 1 };
    const point = advance(undefined, { maps: [new Float32Array(4)], history: [], wallMs: 5, auto });
    expect(point.auto).toBe(auto);
    expect(advance(point, { maps: [new Float32Array(4)], history: [], wallMs: 5 }).auto).toBe(auto);
    const next = resumeRequest(params(10), { ...CPU1, auto: true, stderr: true }, point);
    expect(next.params).toMatchObject({ lambdaTV: 0.05, lambdaChem: 0.3 });
    expect(next.options).toMatchObject({ auto: false, stderr: true });
    expect(advance(undefined, { maps: [], history: [], wallMs: 1 }).auto).toBeUndefined();
  });

  it('a pre-empted auto job resumes with the λ it chose, and its extras come from the final attempt', async () => {
    const host = new ComputeHost({ transport: 'worker-thread' });
    try {
      const inputs = filmInputs(16), p = params(300);
      const batch = host.submit({ inputs, params: p, priority: 'batch', options: { ...CPU1, auto: true, stderr: true } });
      const states = statesOf(batch);
      await started(batch); // the first progress comes from the fusion after the λ search
      const preview = host.submit({ inputs, params: params(3), priority: 'preview', options: CPU1 });
      const [result, extras] = await Promise.all([batch.result, batch.extras]);
      await preview.result;
      expect(states).toEqual(['queued', 'running', 'queued', 'running', 'done']);
      expect(result.iterationsRun).toBe(300);
      expect(result.params).toMatchObject(extras.auto!.chosen);
      expectStderr(extras, result);
    } finally {
      await host.dispose();
    }
  });
});

describe('ComputeHost with a worker thread', () => {
  it('runs a job in a worker thread with the in-process result', async () => {
    const host = new ComputeHost({ transport: 'worker-thread' });
    try {
      const inputs = filmInputs(32), p = params(5);
      const result = await host.submit({ inputs, params: p, options: CPU1 }).result;
      expect(host.processInfo).toMatchObject({ pid: process.pid });
      expect(host.processInfo!.threadId).toBeGreaterThan(0);
      expect(maxRelativeDifference(result.maps, (await fuseHere(inputs, p)).maps)).toBeLessThan(1e-6);
    } finally {
      await host.dispose();
    }
    await expect(() => host.submit({ inputs: filmInputs(16), params: params(1) })).toThrow(/disposed/);
  });
});
