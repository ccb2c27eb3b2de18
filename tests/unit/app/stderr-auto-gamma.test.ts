// Issue 6 in the app: standard errors with every fusion, λ chosen by cross-validation (fusion.start auto),
// percentStderr in quantify.region, and gamma.scan on the compute host.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreShell, deepestPixel } from '../../../src/compute/simulate/index.js';
import { DEFAULT_PARAMS, REFERENCE_TUTORIAL_2 } from '../../../src/compute/solve/params.js';
import type { AppService } from '../../../src/main/services/app/index.js';
import { startApp, temp, writeAcquisition, type AppFixture, resultOf as fixtureResultOf } from './app-fixture.js';
import { dispatch, type ApiEvent } from '../../../src/shared/api/index.js';

let app: AppFixture;
let service: AppService;
let events: ApiEvent[];

const resultOf = (jobId: string, ms?: number): Promise<string> => fixtureResultOf(events, jobId, ms);

beforeAll(async () => {
  app = await startApp('fusem-app6-config-');
  ({ service, events } = app);
});

afterAll(() => app.close());

describe('standard errors with every app fusion', () => {
  it('stores stderr_<El>.npy and their summary with the demo’s result; result.get and quantify.region report them', async () => {
    await service['demo.open']({});
    const { datasets } = await service['dataset.list']({});
    const { jobId } = await service['fusion.start']({ datasetId: datasets[0]!.id, params: { ...DEFAULT_PARAMS, chooseLambda: 'none', iterations: 15 }, auto: false });
    const resultId = await resultOf(jobId);

    const data = await service['result.get']({ resultId });
    expect(data.stderr.map((s) => s.element)).toEqual(['Co', 'O', 'S']);
    for (const s of data.stderr) expect([s.image.width, s.image.height, s.image.data.length]).toEqual([256, 256, 256 * 256]);
    expect(data.stderrSummary).toMatchObject({ method: 'solver', units: data.result.units });
    expect(Object.keys(data.stderrSummary!.average).length).toBeGreaterThan(0);
    for (const v of Object.values(data.stderrSummary!.average)) expect(v).toBeGreaterThan(0);
    expect(data.auto).toBeNull();
    // the result's folder holds the maps and report.json's stderr entry; the reply passes the contract's schema
    const dir = path.join(app.configDir, 'demo-project', 'results', resultId);
    for (const el of ['Co', 'O', 'S']) expect(existsSync(path.join(dir, `stderr_${el}.npy`))).toBe(true);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'));
    expect(report.stderr).toMatchObject({ method: 'solver' });
    expect(report.files).toContain('stderr_Co.npy');
    expect((await dispatch(service, { method: 'result.get', params: { resultId } })).ok).toBe(true);

    const phantom = coreShell({ width: 256, height: 256, seed: 1 });
    const core = phantom.regions!.find((r) => r.name === 'core') ?? phantom.regions![0]!;
    const at = deepestPixel(core.mask, 256, 256)!;
    const measured = await service['quantify.region']({ resultId, region: { kind: 'point', x: at.x + 0.5, y: at.y + 0.5 } });
    for (const e of measured.elements) {
      expect(e.percentStderr, e.element).not.toBeNull();
      expect(e.percentStderr!, e.element).toBeGreaterThan(0);
      expect(e.percentStderr!, e.element).toBeLessThan(100);
    }
    // a region's mean has a smaller standard error than one pixel
    const box = await service['quantify.region']({ resultId, region: { kind: 'ellipse', cx: at.x + 0.5, cy: at.y + 0.5, rx: 4, ry: 4 } });
    expect(box.elements[0]!.percentStderr!).toBeLessThan(measured.elements[0]!.percentStderr!);
    // raw maps have none
    const raw = await service['quantify.region']({ datasetId: datasets[0]!.id, region: { kind: 'point', x: at.x + 0.5, y: at.y + 0.5 } });
    expect(raw.elements.every((e) => e.percentStderr === null)).toBe(true);
  }, 60_000);
});

describe('λ by cross-validation and the γ scan', () => {
  let resultId: string;

  it('fusion.start with auto chooses both λ by the ×2 path search from the defaults and result.get reports the curve', async () => {
    const dir = await temp('fusem-app6-project-');
    const acquisition = await temp('fusem-app6-acq-');
    await service['project.create']({ dir: path.join(dir, 'p'), name: 'films' });
    const summary = await service['dataset.import']({ files: await writeAcquisition(acquisition, 'scan001'), mode: 'reference' });
    const { jobId } = await service['fusion.start']({ datasetId: summary.id, params: { ...DEFAULT_PARAMS, iterations: 20 }, auto: true });
    resultId = await resultOf(jobId);
    const data = await service['result.get']({ resultId });
    const auto = data.auto!;
    expect(auto.method).toBe('thinning');
    expect(auto.curve.length).toBeGreaterThan(0);
    // the walk moves each λ in steps of ×2 from the default, at most 2^10 either way (autoparams/path-search.ts)
    for (const [chosen, start] of [[auto.chosen.lambdaTV, DEFAULT_PARAMS.lambdaTV], [auto.chosen.lambdaChem, DEFAULT_PARAMS.lambdaChem]] as const) {
      const steps = Math.log2(chosen / start);
      expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-9);
      expect(Math.abs(steps)).toBeLessThanOrEqual(10);
    }
    expect(auto.curve.some((c) => c.lambdaTV === auto.chosen.lambdaTV && c.lambdaChem === auto.chosen.lambdaChem)).toBe(true);
    expect(data.result.params).toMatchObject(auto.chosen);
    expect(data.stderr.map((s) => s.element)).toEqual(['Ga', 'O']);
  }, 60_000);

  it('gamma.scan re-fuses the result’s dataset at each γ and reports the composition and its spread', async () => {
    const before = (await service['result.list']({})).results.length;
    const scan = await service['gamma.scan']({ resultId, gammas: [1.4, 1.7, 2.0] });
    expect(scan.points.map((p) => p.gamma)).toEqual([1.4, 1.7, 2.0]);
    for (const p of scan.points) {
      expect(p.pixels).toBeGreaterThan(0);
      expect(Object.keys(p.percent)).toEqual(['Ga', 'O']);
      expect(p.percent.Ga!.mean + p.percent.O!.mean).toBeCloseTo(100, 3);
    }
    expect(Object.keys(scan.spread)).toEqual(['Ga', 'O']);
    for (const v of Object.values(scan.spread)) expect(v).toBeGreaterThanOrEqual(0);
    expect(scan.spread.Ga).toBeCloseTo(scan.spread.O!, 6); // two elements: their percents move together
    // inside a region, and not mutating
    const region = await service['gamma.scan']({ resultId, gammas: [1.7], region: { kind: 'rect', x: 0, y: 0, width: 16, height: 32 } });
    expect(region.points[0]!.pixels).toBeLessThanOrEqual(16 * 32);
    expect((await service['result.list']({})).results).toHaveLength(before);
    await expect(service['gamma.scan']({ resultId: 'res-nope', gammas: [1.7] })).rejects.toMatchObject({ code: 'not-found' });
    expect((await dispatch(service, { method: 'gamma.scan', params: { resultId, gammas: [0.5] } })).ok).toBe(false);
  }, 60_000);

  it('a result fused with the reference normalisation: its region shares are flagged as no composition (the summed maps still give one), its γ scan is refused, and fusing with normalisation "counts" — the remedy — scans', async () => {
    const { datasetId } = (await service['result.list']({})).results.find((r) => r.id === resultId)!;
    const fuse = async (normalise: 'reference' | 'counts') => resultOf((await service['fusion.start']({ datasetId, params: { ...REFERENCE_TUTORIAL_2, normalise, iterations: 6 }, auto: false })).jobId);
    const reference = await fuse('reference');
    const region = { kind: 'rect' as const, x: 0, y: 0, width: 32, height: 32 };
    const q = await service['quantify.region']({ resultId: reference, region });
    expect(q.percentNotComposition).toMatch(/no composition: the result was fused with normalisation "reference", which scales each map to \[0, 1\] on its own/);
    expect(q.elements.map((e) => e.element)).toEqual(['Ga', 'O']);
    for (const e of q.elements) expect(e.summed!.percent).toBeGreaterThan(0); // the measured maps' shares: a composition
    expect(q.elements[0]!.summed!.percent + q.elements[1]!.summed!.percent).toBeCloseTo(100, 6);
    await expect(service['gamma.scan']({ resultId: reference, gammas: [1.6] })).rejects.toMatchObject({ code: 'input', message: expect.stringMatching(/no γ scan of result .*fuse with normalisation "counts"/) });
    const counts = await fuse('counts');
    expect((await service['quantify.region']({ resultId: counts, region })).percentNotComposition).toBeUndefined();
    const scan = await service['gamma.scan']({ resultId: counts, gammas: [1.6] });
    expect(scan.points[0]!.percent.Ga!.mean + scan.points[0]!.percent.O!.mean).toBeCloseTo(100, 3);
  }, 90_000);
});
