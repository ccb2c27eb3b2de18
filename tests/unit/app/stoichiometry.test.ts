// Issue 12 in the app: per-element factors through fusion.start (kept in the project), the result's stoichiometry,
// and quantify.region's composition unit — atomic % with given factors, map-intensity ratio otherwise.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../src/compute/io/index.js';
import { ga2o3Films, simulateAcquisition, GA2O3_GA_FRACTION } from '../../../src/compute/simulate/index.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { dispatch, type ApiEvent } from '../../../src/shared/api/index.js';
import type { AppService } from '../../../src/main/services/app/index.js';
import { startApp, temp, type AppFixture, resultOf as fixtureResultOf } from './app-fixture.js';

let app: AppFixture;
let service: AppService;
let events: ApiEvent[];

const resultOf = (jobId: string, ms?: number): Promise<string> => fixtureResultOf(events, jobId, ms);

beforeAll(async () => {
  app = await startApp('fusem-app12-config-');
  ({ service, events } = app);
});
afterAll(() => app.close());

describe('stoichiometry in the app', () => {
  it('given k-factors: stored in the project, the result says atomic %, quantify.region gives the Ga fraction of atoms', async () => {
    const dir = await temp('fusem-app12-');
    const S = 64, N = S * S;
    const phantom = ga2o3Films({ width: S, height: S, seed: 8 });
    const acq = simulateAcquisition(phantom, { chemSnr: 4, haadfSnr: 20, seed: 8, sensitivities: { O: 0.3 } });
    const files = ['HAADF', 'Ga', 'O'].map((s) => path.join(dir, `films_${s}.npy`));
    await writeNpy(files[0]!, acq.haadf, [S, S]);
    await writeNpy(files[1]!, acq.maps.slice(0, N), [S, S]);
    await writeNpy(files[2]!, acq.maps.slice(N), [S, S]);
    await service['project.create']({ dir: path.join(dir, 'p'), name: 'films' });
    const dataset = await service['dataset.import']({ files, mode: 'reference' });
    const region = { kind: 'rect' as const, x: 4, y: 16, width: 20, height: 30 }; // inside film A
    // without factors: a single phase, so the HAADF cannot tell the k-ratios: map-intensity ratios
    const plain = await resultOf((await service['fusion.start']({ datasetId: dataset.id, params: { ...DEFAULT_PARAMS, iterations: 20 } })).jobId);
    const plainData = await service['result.get']({ resultId: plain });
    expect(plainData.stoichiometry).toMatchObject({ basis: 'uncalibrated', unit: 'map-intensity ratio (not calibrated)', sensitivities: null });
    expect(plainData.stoichiometry!.note).toMatch(/not identifiable from the HAADF/);
    const q0 = await service['quantify.region']({ resultId: plain, region });
    expect(q0.compositionUnit).toBe('map-intensity ratio (not calibrated)');
    expect(q0.elements[0]!.percent.mean).toBeGreaterThan(55); // the raw count ratio, far from 40 %

    const factors = { kind: 'k-factor' as const, values: { Ga: 1, O: 1 / 0.3 } };
    const given = await resultOf((await service['fusion.start']({ datasetId: dataset.id, params: { ...DEFAULT_PARAMS, iterations: 20 }, factors })).jobId);
    const project = events.filter((e) => e.event === 'project.changed').at(-1);
    expect(project?.event === 'project.changed' && project.payload.project?.factors).toEqual(factors);
    const data = await service['result.get']({ resultId: given });
    expect(data.stoichiometry).toMatchObject({ basis: 'given', unit: 'atomic % (k-factors given)' });
    expect(data.stoichiometry!.sensitivities![1]).toBeCloseTo(0.3, 6);
    const q = await service['quantify.region']({ resultId: given, region });
    expect(q.compositionUnit).toBe('atomic % (k-factors given)');
    expect(Math.abs(q.elements[0]!.percent.mean - 100 * GA2O3_GA_FRACTION)).toBeLessThan(4);
    // the region's summed measured maps: unbiased by the fusion, ± counting noise
    const summed = q.elements[0]!.summed!;
    expect(summed.stderr).toBeGreaterThan(0);
    expect(Math.abs(summed.percent - 100 * GA2O3_GA_FRACTION)).toBeLessThan(Math.max(1, 3 * summed.stderr));
    expect(q0.elements[0]!.summed!.percent).toBeGreaterThan(55); // uncalibrated: the summed counts' ratio
    expect((await dispatch(service, { method: 'quantify.region', params: { resultId: given, region } })).ok).toBe(true);
    const report = JSON.parse(await readFile(path.join(dir, 'p', 'results', given, 'report.json'), 'utf8'));
    expect(report.stoichiometry.given).toEqual(factors);
    // the factors stay in the project: a fusion without `factors` uses them; null clears them
    const again = await resultOf((await service['fusion.start']({ datasetId: dataset.id, params: { ...DEFAULT_PARAMS, iterations: 5 } })).jobId);
    expect((await service['result.get']({ resultId: again })).stoichiometry!.basis).toBe('given');
    const cleared = await resultOf((await service['fusion.start']({ datasetId: dataset.id, params: { ...DEFAULT_PARAMS, iterations: 5 }, factors: null })).jobId);
    expect((await service['result.get']({ resultId: cleared })).stoichiometry!.basis).toBe('uncalibrated');
    // factors with an uncertainty: a prior; a single phase (not identifiable), so the factors alone, labelled with their ±
    const prior = { ...factors, uncertainty: { O: 0.1 } };
    const withPrior = await resultOf((await service['fusion.start']({ datasetId: dataset.id, params: { ...DEFAULT_PARAMS, iterations: 5 }, factors: prior })).jobId);
    const priorProject = events.filter((e) => e.event === 'project.changed').at(-1);
    expect(priorProject?.event === 'project.changed' && priorProject.payload.project?.factors).toEqual(prior);
    expect((await service['result.get']({ resultId: withPrior })).stoichiometry).toMatchObject({ basis: 'given', unit: 'atomic % (k-factors given ± 10 %)' });
    expect((await service['quantify.region']({ resultId: withPrior, region })).compositionUnit).toBe('atomic % (k-factors given ± 10 %)');
    // factors for an element the dataset lacks are a bad request
    await expect(service['fusion.start']({ datasetId: dataset.id, params: DEFAULT_PARAMS, factors: { kind: 'k-factor', values: { Ga: 1, Mn: 2 } } })).rejects.toThrow(/missing O|Mn/);
  }, 120_000);
});
