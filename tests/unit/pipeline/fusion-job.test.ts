// The one fusion job (compute/pipeline): parameters as given or chosen, the fusion, its standard errors with the
// Cramér–Rao bound — and the app's results carry that bound too (README: "with the Cramér–Rao bound alongside").

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceBackend } from '../../../src/compute/backend/index.js';
import { runFusionJob } from '../../../src/compute/pipeline/fusion-job.js';
import { coreShell, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { startApp, until, type AppFixture } from '../app/app-fixture.js';

const S = 32;
function inputs() {
  const ph = coreShell({ width: S, height: S, seed: 3 });
  const acq = simulateAcquisition(ph, { chemSnr: 3, haadfSnr: 20, seed: 5 });
  const n = S * S;
  return { width: S, height: S, elements: ph.elements, haadf: acq.haadf, maps: ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n)) };
}

describe('runFusionJob', () => {
  it('takes the parameters as given when asked not to choose them, and needs a backend', async () => {
    const params = { ...DEFAULT_PARAMS, lambdaTV: 0.123, chooseLambda: 'none' as const, iterations: 3 };
    const job = await runFusionJob(inputs(), { params }, { backend: new ReferenceBackend() });
    expect(job.result.params.lambdaTV).toBe(0.123);
    expect(job.auto).toBeUndefined();
    await expect(runFusionJob(inputs(), { params }, {})).rejects.toThrow(/needs a backend/);
  });

  it('fuses and adds standard errors whose Cramér–Rao bound is never above the solver’s error', async () => {
    const job = await runFusionJob(inputs(), { params: { ...DEFAULT_PARAMS, chooseLambda: 'none', iterations: 6 }, stderr: true }, { backend: new ReferenceBackend() });
    expect(job.result.iterationsRun).toBe(6);
    expect(job.auto).toBeUndefined();
    const { report } = job.stderr!;
    for (const el of job.result.elements) {
      const se = report.averageStandardError[el]!, bound = report.averageCramerRao![el]!;
      expect(se).toBeGreaterThan(0);
      expect(bound).toBeGreaterThan(0);
      expect(bound).toBeLessThanOrEqual(se * (1 + 1e-6)); // A⁻¹BA⁻¹ ⪰ F⁻¹ (uncertainty/stderr-maps.ts)
    }
    const plain = await runFusionJob(inputs(), { params: { ...DEFAULT_PARAMS, chooseLambda: 'none', iterations: 6 }, stderr: true, cramerRao: false }, { backend: new ReferenceBackend() });
    expect(plain.stderr!.report.averageCramerRao).toBeUndefined();
    expect(plain.stderr!.report.averageStandardError).toEqual(report.averageStandardError);
  });
});

describe('the app’s results', () => {
  let app: AppFixture;
  beforeAll(async () => { app = await startApp(); });
  afterAll(() => app.close());

  it('report the Cramér–Rao bound beside the standard error (result.get stderrSummary.averageCramerRao)', async () => {
    const { service, events } = app;
    await service['demo.open']({});
    const { datasets } = await service['dataset.list']({});
    const { jobId } = await service['fusion.start']({ datasetId: datasets[0]!.id, params: { ...DEFAULT_PARAMS, chooseLambda: 'none', iterations: 4 } });
    await until(() => events.some((e) => e.event === 'fusion.done' && e.payload.jobId === jobId), 60_000);
    const done = events.find((e) => e.event === 'fusion.done' && e.payload.jobId === jobId)!;
    const data = await service['result.get']({ resultId: (done.payload as { resultId: string }).resultId });
    const summary = data.stderrSummary!;
    expect(Object.keys(summary.averageCramerRao!).sort()).toEqual(['Co', 'O', 'S']);
    for (const el of ['Co', 'O', 'S']) expect(summary.averageCramerRao![el]!).toBeLessThanOrEqual(summary.average[el]! * (1 + 1e-6));
  }, 90_000);
});
