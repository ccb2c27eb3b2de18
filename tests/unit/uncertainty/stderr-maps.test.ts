// standardErrorMaps on a real (small) fusion: the derivation's identities, vacuum, units, and both data terms.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { fuse, type FusionResult } from '../../../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS, type FusionParams } from '../../../src/compute/solve/params.js';
import type { FusionInputs } from '../../../src/compute/solve/inputs.js';
import { standardErrorMaps } from '../../../src/compute/uncertainty/index.js';

const S = 32, N = S * S;
let backend: CpuBackend;
let inputs: FusionInputs;
const run = (params: Partial<FusionParams> = {}): Promise<FusionResult> => fuse(inputs, { ...DEFAULT_PARAMS, iterations: 20, ...params }, { backend });

beforeAll(() => {
  backend = new CpuBackend({ threads: 2 });
  const ph = ga2o3Films({ width: S, height: S });
  const acq = simulateAcquisition(ph, { chemSnr: 4, haadfSnr: 20, seed: 4 });
  inputs = { width: S, height: S, elements: ph.elements, haadf: acq.haadf, maps: ph.elements.map((_, i) => acq.maps.slice(i * N, (i + 1) * N)) };
});
afterAll(async () => { await backend.dispose(); });

describe('standardErrorMaps', () => {
  it("'solver' equals 'fisher' when the solver's weights are the likelihood's: τ/λ_chem = s²/(σ_H² c), ε → 0", async () => {
    const result = await run();
    const varH = 300, s = result.normalisation.haadfScale, c = result.normalisation.mapScale[0]!;
    const matched: FusionResult = { ...result, params: { ...result.params, stepHaadf: (result.params.lambdaChem * s * s) / (varH * c), eps: 1e-9 } };
    const fisher = standardErrorMaps(inputs, matched, { method: 'fisher', haadfVariance: varH });
    const solver = standardErrorMaps(inputs, matched, { method: 'solver', haadfVariance: varH });
    let compared = 0;
    for (let p = 0; p < N; p++) {
      if (result.maps.some((m) => m[p]! < 1e-3 * c)) continue;
      for (let i = 0; i < 2; i++) expect(solver.maps[i]![p]! / fisher.maps[i]![p]!).toBeCloseTo(1, 5);
      compared++;
    }
    expect(compared).toBeGreaterThan(N / 2);
  });

  it("with the default weights 'solver' ≥ 'fisher' at every pixel (the Cramér–Rao bound)", async () => {
    const result = await run();
    const fisher = standardErrorMaps(inputs, result, { method: 'fisher' });
    const solver = standardErrorMaps(inputs, result);
    expect(solver.method).toBe('solver');
    for (let i = 0; i < 2; i++) for (let p = 0; p < N; p++) if (result.maps[i]![p]! >= result.params.eps * result.normalisation.mapScale[i]!) {
      expect(solver.maps[i]![p]!).toBeGreaterThanOrEqual(fisher.maps[i]![p]! * (1 - 1e-6));
    }
  });

  it('vacuum pixels (x < ε) get the finite standard error of ε counts and are left out of the average', async () => {
    const result = await run();
    const se = standardErrorMaps(inputs, result, { method: 'fisher' });
    const c = result.normalisation.mapScale[0]!, eps = result.params.eps;
    const vac: number[] = [];
    for (let p = 0; p < N; p++) if (result.maps.every((m) => m[p]! < eps * c)) vac.push(p);
    expect(vac.length).toBeGreaterThan(10); // the phantom has vacuum at the right
    expect(se.flooredPixels).toBeGreaterThanOrEqual(vac.length);
    for (const p of vac) for (let i = 0; i < 2; i++) {
      expect(Number.isFinite(se.maps[i]![p]!)).toBe(true);
      expect(se.maps[i]![p]!).toBeLessThanOrEqual(Math.sqrt(eps * c) * 1.0001); // ≤ √(ε c): the Poisson sd of ε·c counts
    }
    for (let i = 0; i < 2; i++) expect(se.averagePixels[i]!).toBeLessThanOrEqual(N - vac.length);
    expect(se.singularPixels).toBe(0);
  });

  it('reference normalisation: standard errors in the result units (min–max), the same counts-scale errors divided by the range', async () => {
    const counts = standardErrorMaps(inputs, await run({ lambdaTV: 0, tvIterations: 0 }));
    const ref = await run({ normalise: 'reference', lambdaTV: 0, tvIterations: 0 });
    const se = standardErrorMaps(inputs, ref);
    expect(se.units).toMatch(/normalised/);
    for (let i = 0; i < 2; i++) {
      // counts-unit averages agree within a factor 2 (different fits, same data); reference values are range-scaled
      const inCounts = se.average[i]! * ref.normalisation.mapScale[i]!;
      expect(inCounts / counts.average[i]!).toBeGreaterThan(0.5);
      expect(inCounts / counts.average[i]!).toBeLessThan(2);
    }
  });

  it('least-squares data term: finite positive standard errors from the maps’ residual variance', async () => {
    const se = standardErrorMaps(inputs, await run({ dataTerm: 'lsq' }));
    for (let i = 0; i < 2; i++) {
      expect(se.average[i]!).toBeGreaterThan(0);
      expect(se.maps[i]!.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    }
  });
});
