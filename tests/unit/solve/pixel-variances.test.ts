// Per-pixel variances of the maps in the fusion (issue 11): how auto uses them (one noise level per map, their mean; the
// data fission draws z ~ N(0, σ²_p)), `--data-term lsq-variances` (each pixel weighted by 1/σ²_p), and what is refused.

import { describe, expect, it } from 'vitest';
import { fissionMaps } from '../../../src/compute/autoparams/fission.js';
import { fuseWithDefaults } from '../../../src/compute/autoparams/default-fusion.js';
import { planStoichiometry } from '../../../src/compute/kfactors/plan.js';
import { nrmse } from '../../../src/compute/metrics/index.js';
import { createBackend } from '../../../src/compute/node/select-backend.js';
import { createRng } from '../../../src/compute/simulate/index.js';
import { fuse } from '../../../src/compute/solve/fuse.js';
import { checkInputs, type FusionInputs } from '../../../src/compute/solve/inputs.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { standardErrorMaps } from '../../../src/compute/uncertainty/index.js';

/**
 * Two elements on a W × W field (discs of A in B), the HAADF Σ (Z x)^1.7 with little noise, maps with Gaussian noise
 * whose σ is `ratio`× larger in the bottom half (a wedge's thick end), and those variances known exactly.
 */
function twoNoiseLevels(width: number, seed: number, ratio: number): { inputs: FusionInputs; truth: Float32Array[] } {
  const rng = createRng(seed, 3);
  const n = width * width;
  const a = new Float32Array(n), b = new Float32Array(n);
  for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) {
    const inDisc = ((x % 16) - 8) ** 2 + ((y % 16) - 8) ** 2 < 25;
    a[y * width + x] = inDisc ? 20 : 4;
    b[y * width + x] = inDisc ? 5 : 15;
  }
  const haadf = Float32Array.from(a, (v, p) => (26 * v) ** 1.7 + (8 * b[p]!) ** 1.7 + 50 * rng.normal());
  const variance = Float32Array.from(a, (_, p) => (p >= n / 2 ? ratio * ratio : 1) * 9);
  const noisy = (t: Float32Array) => Float32Array.from(t, (v, p) => v + Math.sqrt(variance[p]!) * rng.normal());
  return { inputs: { width, height: width, elements: ['Fe', 'O'], haadf, maps: [noisy(a), noisy(b)], variances: [variance, variance.slice()] }, truth: [a, b] };
}

describe('per-pixel variances in the fusion', () => {
  it('auto: least squares with one noise level per map, the mean of the given variances; lsq-variances weighs each pixel', async () => {
    const { inputs } = twoNoiseLevels(48, 5, 4);
    const backend = await createBackend('cpu');
    try {
      const params = { ...DEFAULT_PARAMS, chooseLambda: 'none' as const, iterations: 30 };
      const auto = await fuse(inputs, params, { backend });
      expect(auto.dataTerm!.name).toBe('lsq');
      expect(auto.dataTerm!.reason).toMatch(/one noise level per map, the mean of the per-pixel variances/);
      expect(auto.dataTerm!.perPixelVariances).toBeUndefined();
      // κ = c²/σ̄², σ̄² the mean given variance: 9·(1 + 16)/2 = 76.5 in map units
      const c = auto.normalisation.mapScale[0]!;
      expect(auto.dataTerm!.information[0]).toBeCloseTo((c * c) / 76.5, 6);
      const weighted = await fuse(inputs, { ...params, dataTerm: 'lsq-variances' }, { backend });
      expect(weighted.dataTerm!.perPixelVariances).toBe(true);
      expect(weighted.dataTerm!.reason).toMatch(/each pixel weighted by 1\/σ²_p/);
      expect(weighted.backend).toMatch(/^cpu-ts×/); // the weights are in the TypeScript kernels
      const none = await fuse({ ...inputs, variances: undefined }, params, { backend });
      expect(none.dataTerm!.reason).not.toMatch(/variances/);
    } finally { await backend.dispose(); }
  }, 60_000);

  it('where the noise variance is known exactly and not signal-dependent, weighing each pixel by it lowers the fused NRMSE', async () => {
    // the textbook case for weighted least squares; on simulated EELS SIs it was measured worse (README, issue 11)
    const backend = await createBackend('cpu');
    try {
      for (const seed of [11, 12]) {
        const { inputs, truth } = twoNoiseLevels(64, seed, 5);
        const one = await fuseWithDefaults(inputs, DEFAULT_PARAMS, { backend });
        const per = await fuseWithDefaults(inputs, { ...DEFAULT_PARAMS, dataTerm: 'lsq-variances' }, { backend });
        const mean = (maps: Float32Array[]) => (nrmse(maps[0]!, truth[0]!) + nrmse(maps[1]!, truth[1]!)) / 2;
        const e1 = mean(one.result.maps), ep = mean(per.result.maps);
        // measured (seed 11): 0.207 vs 0.264 (Fe 0.164 vs 0.280, O 0.250 vs 0.248); at the best λ of a 6 × 5 grid 0.181 vs 0.238
        expect(ep, `seed ${seed}: per-pixel ${ep} vs one σ ${e1}`).toBeLessThan(0.95 * e1); // seed 12: 0.198 vs 0.219
      }
    } finally { await backend.dispose(); }
  }, 240_000);

  it('data fission draws its z from the given per-pixel variances (smoothed)', () => {
    const width = 64, n = width * width;
    const map = new Float32Array(n).fill(10);
    const variance = Float32Array.from(map, (_, p) => (p < n / 2 ? 1 : 100));
    const halves = fissionMaps([map], width, width, createRng(3, 1), 1, [variance]);
    let top = 0, bottom = 0;
    for (let p = 0; p < n; p++) {
      const d = (halves.first[0]![p]! - map[p]!) ** 2;
      const row = Math.floor(p / width);
      if (row < 20) top += d; else if (row >= 44) bottom += d;
    }
    expect(top / (20 * width)).toBeGreaterThan(0.85);
    expect(top / (20 * width)).toBeLessThan(1.15);
    expect(bottom / (20 * width)).toBeGreaterThan(85);
    expect(bottom / (20 * width)).toBeLessThan(115);
  });

  it('refuses what it cannot use, naming the map: lsq-variances without variances, negative or misshapen variances', () => {
    const { inputs } = twoNoiseLevels(16, 1, 2);
    expect(checkInputs({ ...inputs, variances: undefined }, 'lsq-variances')[0]!.problem).toMatch(/no per-pixel variances came with the maps .*--variance EL=FILE\): choose the data term lsq$/);
    const negative = inputs.variances!.map((v) => v.slice());
    negative[1]![3] = -1;
    expect(checkInputs({ ...inputs, variances: negative })).toContainEqual({ input: 'O', problem: 'variance map has 1 negative values: a variance is ≥ 0' });
    expect(checkInputs({ ...inputs, variances: [inputs.variances![0]!, new Float32Array(3).fill(1)] })[0]).toMatchObject({ input: 'O', problem: expect.stringMatching(/shapes differ/) });
    expect(checkInputs({ ...inputs, variances: [inputs.variances![0]!] })[0]!.problem).toMatch(/1 variance maps for 2 elemental maps/);
  });

  it('atom maps b/s carry variances σ²/s² (given factors)', () => {
    const { inputs } = twoNoiseLevels(16, 2, 2);
    const plan = planStoichiometry(inputs, DEFAULT_PARAMS, { kind: 'sensitivity', values: { Fe: 2, O: 0.5 } }, false);
    expect(plan.stoichiometry.mapsInAtoms).toBe(true);
    for (const i of [0, 1]) {
      const perAtom = plan.inputs.maps[i]![5]! / inputs.maps[i]![5]!; // 1/s_i
      expect(plan.inputs.variances![i]![5]! / inputs.variances![i]![5]!).toBeCloseTo(perAtom * perAtom, 5);
    }
    expect(plan.inputs.maps[1]![5]! / inputs.maps[1]![5]! / (plan.inputs.maps[0]![5]! / inputs.maps[0]![5]!)).toBeCloseTo(4, 4); // s_Fe/s_O
  });
});

describe('standard errors with per-pixel variances', () => {
  it('the per-pixel variances set the map term of each pixel\'s block: the noisier half has the larger standard error', async () => {
    const { inputs } = twoNoiseLevels(32, 21, 5);
    const backend = await createBackend('cpu');
    try {
      const ratio = async (data: FusionInputs, dataTerm: 'auto' | 'lsq-variances') => {
        const r = await fuse(data, { ...DEFAULT_PARAMS, dataTerm, chooseLambda: 'none', lambdaTV: 0, iterations: 200 }, { backend });
        const se = standardErrorMaps(data, r, { method: 'fisher' }).maps[1]!; // O: the element the HAADF weighs least
        const mean = (y0: number, y1: number) => { let s = 0; for (let p = y0 * 32; p < y1 * 32; p++) s += se[p]!; return s / ((y1 - y0) * 32); };
        return mean(20, 32) / mean(0, 12);
      };
      const none = await ratio({ ...inputs, variances: undefined }, 'auto');
      const given = await ratio(inputs, 'auto');
      const weighted = await ratio(inputs, 'lsq-variances');
      // one σ per map from the residuals: the same error in both halves; with the variances, σ 5× larger at the bottom
      expect(none, `one σ: ${none}`).toBeLessThan(1.3);
      expect(given, `given variances: ${given}`).toBeGreaterThan(2.5);
      expect(weighted, `weighted: ${weighted}`).toBeGreaterThan(2.5);
    } finally { await backend.dispose(); }
  }, 60_000);
});
