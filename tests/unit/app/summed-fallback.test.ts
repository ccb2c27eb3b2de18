// Issue 12 review: a result that kept no input_<El>.npy takes its summed-maps composition from its dataset's maps only
// where they provably are the maps it was fused from (same shape, elements in order, files' sha256); otherwise none,
// with a note saying why — never the share of the wrong pixels.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../src/compute/io/index.js';
import { ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { inputImageFile } from '../../../src/main/services/project/results.js';
import { measuredFromDataset, quantifyRegion } from '../../../src/main/services/app/quantify.js';
import type { AppService } from '../../../src/main/services/app/index.js';
import type { ApiEvent } from '../../../src/shared/api/index.js';
import { startApp, temp, type AppFixture, resultOf } from './app-fixture.js';

let app: AppFixture;
let service: AppService;
let events: ApiEvent[];
beforeAll(async () => {
  app = await startApp('fusem-app12-fallback-');
  ({ service, events } = app);
});
afterAll(() => app.close());

async function writeFilms(files: string[], size: number, seed: number): Promise<void> {
  const acq = simulateAcquisition(ga2o3Films({ width: size, height: size, seed }), { chemSnr: 4, haadfSnr: 20, seed });
  const n = size * size;
  await writeNpy(files[0]!, acq.haadf, [size, size]);
  await writeNpy(files[1]!, acq.maps.slice(0, n), [size, size]);
  await writeNpy(files[2]!, acq.maps.slice(n, 2 * n), [size, size]);
}

describe('summed-maps composition of a result without kept input maps', () => {
  it('is computed from the unchanged dataset, and refused once its maps changed (same shape, or another shape)', async () => {
    const dir = await temp('fusem-app12-fallback-');
    const files = ['HAADF', 'Ga', 'O'].map((s) => path.join(dir, `films_${s}.npy`));
    await writeFilms(files, 32, 3);
    const projectDir = path.join(dir, 'p');
    await service['project.create']({ dir: projectDir, name: 'fallback' });
    const dataset = await service['dataset.import']({ files, mode: 'reference' });
    const resultId = await resultOf(events, (await service['fusion.start']({ datasetId: dataset.id, params: { ...DEFAULT_PARAMS, iterations: 5 } })).jobId);
    const region = { kind: 'rect' as const, x: 2, y: 2, width: 20, height: 20 };
    const kept = (await service['quantify.region']({ resultId, region })).elements.map((e) => e.summed!.percent);

    // an older result: no kept input maps; the dataset unchanged gives the same summed composition
    for (const name of ['HAADF', 'Ga', 'O']) await rm(path.join(projectDir, 'results', resultId, inputImageFile(name)), { force: true });
    const unchanged = await service['quantify.region']({ resultId, region });
    expect(unchanged.summedNote).toBeUndefined();
    unchanged.elements.forEach((e, i) => expect(e.summed!.percent).toBeCloseTo(kept[i]!, 4));

    // same shape, other counts (another acquisition written over the files): no summed column, and why
    await writeFilms(files, 32, 4);
    const changed = await service['quantify.region']({ resultId, region });
    expect(changed.elements.every((e) => e.summed === undefined)).toBe(true);
    expect(changed.summedNote).toMatch(/sha256/);
    expect(changed.elements[0]!.percent.mean).toBeGreaterThan(0); // the fused maps' composition is still there

    // another shape (as an SI re-mapped at another bin): none either, never the first 32×32 values of a 64×64 map
    await writeFilms(files, 64, 3);
    const wider = await service['quantify.region']({ resultId, region });
    expect(wider.elements.every((e) => e.summed === undefined)).toBe(true);
    expect(wider.summedNote).toMatch(/64×64.*32×32/);
  }, 120_000);
});

describe('measuredFromDataset and quantifyRegion guards', () => {
  const W = 4, H = 3, N = W * H;
  const map = (v: number, n = N) => new Float32Array(n).fill(v);
  const inputs = [{ role: 'HAADF', file: 'h.npy', sha256: 'a' }, { role: 'Ga', file: 'g.npy', sha256: 'b' }, { role: 'O', file: 'o.npy', sha256: 'c' }];
  const result = { elements: ['Ga', 'O'], shape: [H, W] as [number, number], inputs };
  const now = { width: W, height: H, elements: ['Ga', 'O'], maps: [map(1), map(3)], files: inputs };

  it('takes the maps only when shape, element order and sha256 all match, and never an SI\'s', () => {
    expect(measuredFromDataset(result, now, false)).toEqual({ maps: now.maps });
    expect(measuredFromDataset(result, { ...now, elements: ['O', 'Ga'] }, false)).toMatchObject({ why: expect.stringMatching(/O, Ga/) });
    expect(measuredFromDataset(result, { ...now, width: 8, height: 6, maps: [map(1, 48), map(3, 48)] }, false)).toMatchObject({ why: expect.stringMatching(/6×8/) });
    expect(measuredFromDataset(result, { ...now, files: [inputs[0]!, { ...inputs[1]!, sha256: 'z' }, inputs[2]!] }, false)).toMatchObject({ why: expect.stringMatching(/sha256/) });
    expect(measuredFromDataset({ ...result, inputs: [] }, now, false)).toHaveProperty('why');
    expect(measuredFromDataset(result, now, true)).toMatchObject({ why: expect.stringMatching(/map settings/) });
  });

  it('quantifyRegion gives no summed share from maps of the wrong length, and says so', () => {
    const fused = [map(1), map(3)];
    const region = { kind: 'rect' as const, x: 0, y: 0, width: W, height: H };
    const good = quantifyRegion(fused, ['Ga', 'O'], W, H, 'counts', region, undefined, null, [map(1), map(3)]);
    expect(good.elements[0]!.summed!.percent).toBeCloseTo(25, 6);
    expect(good.summedNote).toBeUndefined();
    const wide = quantifyRegion(fused, ['Ga', 'O'], W, H, 'counts', region, undefined, null, [map(1, 4 * N), map(3, 4 * N)]);
    expect(wide.elements.every((e) => e.summed === undefined)).toBe(true);
    expect(wide.summedNote).toMatch(/pixels/);
    const none = quantifyRegion(fused, ['Ga', 'O'], W, H, 'counts', region, undefined, null, null, 'the dataset\'s files changed');
    expect(none.summedNote).toBe('no summed-maps composition: the dataset\'s files changed');
  });
});
