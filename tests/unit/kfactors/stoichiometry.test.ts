// Stoichiometry with unequal per-element sensitivities (issue 12): k-ratios from the HAADF where the composition varies,
// "not identifiable" where it does not, given factors otherwise. Seeds 41–44 differ from the ones the estimator's
// radii were chosen on (11–16, 21–24).
// The fusion runs on the atom maps b_i / s_i once the sensitivities are known (kfactors/plan.ts). Measured with these
// seeds: phase compositions within 2.2 pp (two-phase film, estimated k) and 2.9 pp (core–shell, given k).
// A region's composition from the fused maps is biased by the fusion's smoothing of the weak map: the Ga fraction with
// the true factors came out 1.0–1.4 pp high in film A at λ 0.03/0.01 (−1.0 to −1.3 pp with λ_TV = 0, up to ±1.2 pp with λ
// chosen from the data), while the region's summed measured maps are unbiased (150 regions, 64²–256², SNR 1.5–4: errors
// within noise, z-scores' RMS 0.99): that is the composition fusem reports for a region (kfactors/composition.ts).
const UNEQUAL_K_PP = 0.03;
const GA_GIVEN_PP = 0.01;
const GA_FUSED_PP = 0.015;

import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { atomMaps, checkFactors, planStoichiometry, sensitivitiesFromFactors, summedComposition, UNCALIBRATED_UNIT, GIVEN_UNIT, compositionErrorFromSensitivities, type GivenFactors } from '../../../src/compute/kfactors/index.js';
import { fuse } from '../../../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { PHANTOMS, simulateAcquisition, GA2O3_GA_FRACTION } from '../../../src/compute/simulate/index.js';
import { regionStatistics, relativeConcentration } from '../../../src/compute/quant/concentration.js';
import type { PhantomName } from '../../../src/compute/simulate/phantoms/index.js';

async function scenario(name: PhantomName, size: number, seed: number, k: Record<string, number>, given?: GivenFactors, chemSnr = 2.5) {
  const phantom = PHANTOMS[name]({ width: size, height: size, seed });
  const acq = simulateAcquisition(phantom, { chemSnr, haadfSnr: 20, seed, sensitivities: k });
  const n = size * size;
  const inputs = { width: size, height: size, elements: phantom.elements, haadf: acq.haadf, maps: phantom.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n)) };
  const plan = planStoichiometry(inputs, DEFAULT_PARAMS, given);
  const backend = new CpuBackend({ threads: 2 });
  try {
    const result = await fuse(plan.inputs, plan.params, { backend });
    const x = atomMaps(result.maps, plan.stoichiometry);
    const stack = new Float32Array(n * x.length);
    x.forEach((m, i) => stack.set(m, i * n));
    // A phase's composition: the ratio of the region's sums Σ x_i / Σ Σ x_j (the mean of per-pixel ratios is biased at low counts).
    const pooled = (mask: Uint8Array): Record<string, number> => {
      const st = regionStatistics(stack, phantom.elements, mask);
      if (!st.ok) throw new Error(st.error);
      return Object.fromEntries(st.elements.map((e) => [e.element, e.ratioOfSums]));
    };
    // the region's summed measured maps over its non-vacuum pixels (by the fused maps)
    const valid = relativeConcentration(stack, x.length).valid;
    const summed = (mask: Uint8Array) => {
      const c = summedComposition(inputs.maps, plan.stoichiometry, Uint8Array.from(mask, (m, p) => (m && valid[p] ? 1 : 0)), size, size)!;
      return { fraction: Object.fromEntries(c.map((e) => [e.element, e.fraction])), stderr: Object.fromEntries(c.map((e) => [e.element, e.stderr])) };
    };
    const regions = phantom.regions!.map((r) => ({ name: r.name, truth: r.composition, measured: pooled(r.mask), summed: summed(r.mask) }));
    return { phantom, plan, regions };
  } finally {
    await backend.dispose();
  }
}

describe('the simulator applies per-element sensitivities', () => {
  it('expected counts are chemScale·k_i·t_i, and k = 1 everywhere is the old simulation exactly', () => {
    const ph = PHANTOMS['core-shell']({ width: 48, height: 48, seed: 5 });
    const n = 48 * 48;
    const plain = simulateAcquisition(ph, { chemDose: 20, seed: 5 });
    const ones = simulateAcquisition(ph, { chemDose: 20, seed: 5, sensitivities: { Co: 1, S: 1, O: 1 } });
    expect(ones.maps).toEqual(plain.maps);
    const k = simulateAcquisition(ph, { chemDose: 20, seed: 5, sensitivities: { S: 0.6, O: 0.25 } });
    expect(k.settings.sensitivities).toEqual({ Co: 1, S: 0.6, O: 0.25 });
    for (const p of [0, 500, 1000, 1500]) {
      for (const [i, kk] of [[0, 1], [1, 0.6], [2, 0.25]] as const) expect(k.truthMaps[i * n + p]).toBeCloseTo(k.settings.chemScale * kk * ph.truth[i * n + p]!, 3);
    }
    expect(() => simulateAcquisition(ph, { sensitivities: { Mn: 2 } })).toThrow(/Mn.*not in the phantom/);
    expect(() => simulateAcquisition(ph, { sensitivities: { O: 0 } })).toThrow(/> 0/);
  });
});

describe('k-ratios estimated from the HAADF where the composition varies (two-phase film, chemical SNR 2.5, 256²)', () => {
  for (const seed of [41, 42]) {
    it(`seed ${seed}: O/Mn sensitivity 0.3 recovered within 10 %, MnO and MnO₂ compositions within 3 pp`, async () => {
      const { plan, regions } = await scenario('two-phase-film', 256, seed, { Mn: 1, O: 0.3 });
      const st = plan.stoichiometry;
      expect(st.basis).toBe('estimated');
      expect(st.unit).toMatch(/^atomic % \(k-ratios estimated from HAADF ± [\d.]+ %\)$/);
      expect(Math.abs(st.sensitivities![1]! / 0.3 - 1)).toBeLessThan(0.1);
      expect(st.standardErrors![1]!).toBeGreaterThan(0);
      for (const r of regions) for (const el of ['Mn', 'O']) expect(Math.abs(r.measured[el]! - r.truth[el]!)).toBeLessThan(UNEQUAL_K_PP);
    }, 60_000);
  }

  it('k = 1 everywhere: the estimate finds ≈ 1 and the compositions stay within 3 pp', async () => {
    const { plan, regions } = await scenario('two-phase-film', 256, 43, {});
    expect(plan.stoichiometry.basis).toBe('estimated');
    expect(Math.abs(plan.stoichiometry.sensitivities![1]! - 1)).toBeLessThan(0.1);
    for (const r of regions) for (const el of ['Mn', 'O']) expect(Math.abs(r.measured[el]! - r.truth[el]!)).toBeLessThan(0.03);
  }, 60_000);
});

describe('a single phase: not identifiable from the HAADF', () => {
  it('uniform Ga₂O₃ with O/Ga sensitivity 0.3: "not identifiable", no atomic % claimed; with the true factors Ga within 1 pp (summed maps; the fused maps within 1.5 pp)', async () => {
    const none = await scenario('ga2o3-films', 128, 44, { Ga: 1, O: 0.3 });
    expect(none.plan.stoichiometry.basis).toBe('uncalibrated');
    expect(none.plan.stoichiometry.unit).toBe(UNCALIBRATED_UNIT);
    expect(none.plan.stoichiometry.sensitivities).toBeNull();
    expect(none.plan.stoichiometry.estimate!.verdict).toMatch(/^not identifiable from the HAADF/);
    expect(none.plan.params.weighting).toBe('paper'); // the fusion is today's
    expect(none.plan.inputs.maps[1]).toBe(none.plan.inputs.maps[1]); // the inputs as given
    const given = await scenario('ga2o3-films', 128, 44, { Ga: 1, O: 0.3 }, { kind: 'sensitivity', values: { Ga: 1, O: 0.3 } });
    expect(given.plan.stoichiometry.unit).toBe(GIVEN_UNIT);
    for (const r of given.regions) {
      expect(Math.abs(r.summed.fraction.Ga! - GA2O3_GA_FRACTION)).toBeLessThan(GA_GIVEN_PP);
      expect(Math.abs(r.measured.Ga! - GA2O3_GA_FRACTION)).toBeLessThan(GA_FUSED_PP);
    }
  }, 60_000);

  it('the same with Cliff–Lorimer k-factors (atoms per count: the inverse of the sensitivities)', async () => {
    const given = await scenario('ga2o3-films', 128, 45, { Ga: 1, O: 0.3 }, { kind: 'k-factor', values: { Ga: 1, O: 1 / 0.3 } });
    for (const r of given.regions) {
      expect(Math.abs(r.summed.fraction.Ga! - GA2O3_GA_FRACTION)).toBeLessThan(GA_GIVEN_PP);
      expect(Math.abs(r.measured.Ga! - GA2O3_GA_FRACTION)).toBeLessThan(GA_FUSED_PP);
    }
  }, 60_000);

  for (const [size, seed, snr, k] of [[96, 63, 4, { Ga: 1, O: 0.3 }], [192, 64, 2.5, { Ga: 0.4, O: 1 }]] as const) {
    it(`other sizes, doses and sensitivities (${size}², seed ${seed}, chemical SNR ${snr}, k ${JSON.stringify(k)}): Ga within 1 pp, and within 2.6 standard errors`, async () => {
      const given = await scenario('ga2o3-films', size, seed, k, { kind: 'sensitivity', values: k }, snr);
      for (const r of given.regions) {
        const err = r.summed.fraction.Ga! - GA2O3_GA_FRACTION;
        expect(Math.abs(err)).toBeLessThan(GA_GIVEN_PP);
        expect(Math.abs(err)).toBeLessThan(2.6 * r.summed.stderr.Ga!); // the standard error is that of counting noise
        expect(r.summed.stderr.Ga!).toBeGreaterThan(0);
      }
    }, 60_000);
  }
});

describe('core–shell with k = 1 / 0.6 / 0.25 (Co/S/O) at chemical SNR 2.5', () => {
  it('the HAADF alone does not pin the k-ratios down (identifiable only through γ ≠ 1), so nothing is claimed; given factors give core and shell within 3 pp', async () => {
    const k = { Co: 1, S: 0.6, O: 0.25 };
    const est = await scenario('core-shell', 128, 46, k);
    expect(est.plan.stoichiometry.basis).toBe('uncalibrated');
    expect(est.plan.stoichiometry.estimate!.phases).toBe(2); // CoS and CoO: every pixel a mixture of two compositions
    expect(est.plan.stoichiometry.estimate!.verdict).toMatch(/fewer phases than elements: every pixel is a mixture of 2 compositions for 3 elements/);
    const given = await scenario('core-shell', 128, 46, k, { kind: 'sensitivity', values: k });
    for (const r of given.regions) for (const el of ['Co', 'S', 'O']) expect(Math.abs(r.measured[el]! - r.truth[el]!)).toBeLessThan(UNEQUAL_K_PP);
  }, 60_000);
});

describe('three phases for three elements (core–shell beside Co metal particles), k = 1 / 0.6 / 0.25, chemical SNR 2.5, 256²', () => {
  // Seeds 97–98 were run first here, after the phantom was made. Over seeds 91–98 (scratch measurement, README): the k-ratios
  // within 10 % on 7 of 8 (seed 94: O +10.9 % with a claimed ± 3.1 %), the regions' summed maps within 2.9 pp on all 8; the
  // fused maps' region ratios were 3.3–5.2 pp off on 4 of 8, so they are not asserted here.
  for (const seed of [97, 98]) {
    it(`seed ${seed}: three phases found, k-ratios within 10 %, core, shell and metal compositions within 3 pp`, async () => {
      const k = { Co: 1, S: 0.6, O: 0.25 };
      const { plan, regions } = await scenario('core-shell-metal', 256, seed, k);
      const st = plan.stoichiometry;
      expect(st.estimate!.phases).toBe(3);
      expect(st.estimate!.conditioning).toBeLessThan(10);
      expect(st.basis).toBe('estimated');
      expect(Math.abs(st.sensitivities![1]! / 0.6 - 1)).toBeLessThan(0.1);
      expect(Math.abs(st.sensitivities![2]! / 0.25 - 1)).toBeLessThan(0.1);
      expect(regions.map((r) => r.name)).toEqual(['core', 'shell', 'metal']);
      for (const r of regions) for (const el of ['Co', 'S', 'O']) {
        expect(Math.abs(r.summed.fraction[el]! - r.truth[el]!)).toBeLessThan(UNEQUAL_K_PP);
      }
    }, 120_000);
  }
});

describe('given factors', () => {
  it('k-factors and ζ-factors are inverted, cross-sections kept; every element needs one; the first element is 1', () => {
    expect(sensitivitiesFromFactors(['Co', 'O'], { kind: 'k-factor', values: { Co: 2, O: 8 } })).toEqual([1, 0.25]);
    expect(sensitivitiesFromFactors(['Co', 'O'], { kind: 'zeta-factor', values: { Co: 2, O: 8 } })).toEqual([1, 0.25]);
    expect(sensitivitiesFromFactors(['Co', 'O'], { kind: 'cross-section', values: { Co: 2, O: 0.5 } })).toEqual([1, 0.25]);
    expect(checkFactors(['Co', 'O'], { kind: 'k-factor', values: { Co: 1 } })[0]).toMatch(/missing O/);
    expect(checkFactors(['Co', 'O'], { kind: 'k-factor', values: { Co: 1, O: 1, Mn: 1 } })[0]).toMatch(/Mn, which is not among the maps/);
  });

  it('the error of a composition from the sensitivities: c_i(1 − c_i)·σ/s for two elements', () => {
    const st = { basis: 'estimated' as const, unit: '', elements: ['A', 'B'], sensitivities: [1, 0.5], standardErrors: [0, 0.05], note: '' };
    const [ea, eb] = compositionErrorFromSensitivities([0.4, 0.6], st);
    expect(ea).toBeCloseTo(0.4 * 0.6 * 0.1, 10);
    expect(eb).toBeCloseTo(0.4 * 0.6 * 0.1, 10);
  });
});

describe('maps that are not raw counts: the checkerboard split', () => {
  it('the noise model finds var = gain·b for scaled Poisson counts', async () => {
    const { estimateMapNoise } = await import('../../../src/compute/kfactors/noise-model.js');
    const ph = PHANTOMS['two-phase-film']({ width: 128, height: 128, seed: 47 });
    const acq = simulateAcquisition(ph, { chemDose: 60, seed: 47 });
    const map = Float32Array.from(acq.maps.subarray(0, 128 * 128), (v) => 0.37 * v); // var = 0.37²·λ = 0.37·(0.37 λ)
    const noise = estimateMapNoise(map, 128, 128);
    expect(Math.abs(noise.gain / 0.37 - 1)).toBeLessThan(0.15);
  });

  it('two-phase film with maps × 0.37 (not integers): O/Mn 0.3 within 10 % by the checkerboard split; a single phase still not identifiable', async () => {
    const { estimateSensitivities } = await import('../../../src/compute/kfactors/estimate.js');
    const { elementWeights } = await import('../../../src/compute/model/weighting.js');
    for (const [name, size, identifiable] of [['two-phase-film', 256, true], ['ga2o3-films', 128, false]] as const) {
      const ph = PHANTOMS[name]({ width: size, height: size, seed: 48 });
      const acq = simulateAcquisition(ph, { chemSnr: 2.5, haadfSnr: 20, seed: 48, sensitivities: { O: 0.3 } });
      const n = size * size;
      const maps = ph.elements.map((_, i) => Float32Array.from(acq.maps.subarray(i * n, (i + 1) * n), (v) => 0.37 * v));
      const e = estimateSensitivities(ph.elements, maps, acq.haadf, size, size, elementWeights(ph.elements, 'paper', 1.7), 1.7);
      expect(e.split).toBe('checkerboard');
      expect(e.identifiable).toBe(identifiable);
      if (identifiable) expect(Math.abs(e.ratios[1]! / 0.3 - 1)).toBeLessThan(0.1);
      else expect(e.verdict).toMatch(/collinear|too few/);
    }
  }, 60_000);
});

describe('the conditioning rule', () => {
  it('core–shell at chemical SNR 10, 256² (jackknife errors < 10 % there): still refused, as nearly collinear', async () => {
    const { estimateSensitivities } = await import('../../../src/compute/kfactors/estimate.js');
    const { elementWeights } = await import('../../../src/compute/model/weighting.js');
    const ph = PHANTOMS['core-shell']({ width: 256, height: 256, seed: 1 });
    const acq = simulateAcquisition(ph, { chemSnr: 10, haadfSnr: 20, seed: 2 });
    const n = 256 * 256;
    const e = estimateSensitivities(ph.elements, ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n)), acq.haadf, 256, 256, elementWeights(ph.elements, 'paper', 1.7), 1.7);
    expect(e.standardErrors[1]! / e.ratios[1]!).toBeLessThan(0.1); // the errors alone would have claimed it
    expect(e.conditioning).toBeGreaterThan(100);
    expect(e.identifiable).toBe(false);
    expect(e.verdict).toMatch(/nearly collinear/);
    expect(e.phases).toBe(2);
    expect(e.verdict).toMatch(/fewer phases than elements/); // the reason, whatever the noise
  }, 60_000);
});
