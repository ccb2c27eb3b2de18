import { describe, it, expect } from 'vitest';
import { simulateAcquisition } from '../../../src/compute/simulate/dose.js';
import { PHANTOMS, PHANTOM_NAMES, ga2o3Films, coreShell } from '../../../src/compute/simulate/phantoms/index.js';
import { empiricalSnr, materialMask, countsForSnr, nominalSnr } from '../../../src/compute/simulate/snr.js';
import { elementWeights } from '../../../src/compute/model/weighting.js';
import { atomicNumber } from '../../../src/compute/model/elements.js';

const max = (a: ArrayLike<number>): number => {
  let m = -Infinity;
  for (let k = 0; k < a.length; k++) m = Math.max(m, a[k]!);
  return m;
};

describe('SNR helpers', () => {
  it('inverts the nominal SNR: countsForSnr gives μ with μ/sqrt(μ + σ²) = s', () => {
    expect(countsForSnr(5)).toBeCloseTo(25, 12); // σ = 0: μ = s²
    expect(nominalSnr(25)).toBeCloseTo(5, 12);
    const mu = countsForSnr(20, 7);
    expect(mu / Math.sqrt(mu + 49)).toBeCloseTo(20, 10);
    expect(nominalSnr(mu, 7)).toBeCloseTo(20, 10);
  });

  it('marks material above 1 % of the maximum, per slice', () => {
    const v = Float32Array.from([0, 0.005, 0.02, 1, 5, 0, 0.1, 0]);
    expect(Array.from(materialMask(v, 4))).toEqual([0, 0, 1, 1]);
    expect(Array.from(materialMask(v, 4, 4))).toEqual([1, 0, 1, 0]);
    expect(Array.from(materialMask(new Float32Array(3), 3))).toEqual([0, 0, 0]);
  });
});

describe('simulateAcquisition', () => {
  const films = ga2o3Films({ width: 64, height: 64, seed: 2 });
  const n = 64 * 64;

  it('is deterministic for a seed, and map noise does not depend on the HAADF settings', () => {
    const a = simulateAcquisition(films, { seed: 11, chemDose: 5 });
    const b = simulateAcquisition(films, { seed: 11, chemDose: 5 });
    expect(b.maps).toEqual(a.maps);
    expect(b.haadf).toEqual(a.haadf);
    const c = simulateAcquisition(films, { seed: 12, chemDose: 5 });
    expect(c.maps).not.toEqual(a.maps);
    expect(c.haadf).not.toEqual(a.haadf);
    const d = simulateAcquisition(films, { seed: 11, chemDose: 5, haadfSnr: 7, readNoise: 3 });
    expect(d.maps).toEqual(a.maps);
  });

  it('scales the maps so the brightest expected pixel holds chemDose counts, and draws integer counts', () => {
    const a = simulateAcquisition(films, { chemDose: 7 });
    expect(a.settings.chemDose).toBeCloseTo(7, 10);
    expect(max(a.truthMaps)).toBeCloseTo(7, 4);
    for (let k = 0; k < films.truth.length; k++) expect(a.truthMaps[k]).toBeCloseTo(a.settings.chemScale * films.truth[k]!, 4);
    expect(a.maps.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    expect(a.maps.length).toBe(2 * n);
    const def = simulateAcquisition(films);
    expect(def.settings.chemDose).toBeCloseTo(10, 10); // default dose
    expect(def.settings.haadfDose).toBeCloseTo(1000, 8);
  });

  it('makes the HAADF h·Σ a_i t_i^γ + offset with paper weighting and γ = 1.7 by default', () => {
    const a = simulateAcquisition(films, { haadfDose: 500, offset: 40, readNoise: 2 });
    expect(a.settings.gamma).toBe(1.7);
    expect(a.settings.weighting).toMatch(/^paper/);
    const w = elementWeights(['Ga', 'O'], 'paper', 1.7);
    expect(w[0]! / w[1]!).toBeCloseTo((atomicNumber('Ga') / atomicNumber('O')) ** 1.7, 8);
    let peak = 0;
    for (let p = 0; p < n; p++) {
      const model = w[0]! * films.truth[p]! ** 1.7 + w[1]! * films.truth[n + p]! ** 1.7;
      expect(a.haadfClean[p]).toBeCloseTo(a.settings.haadfScale * model + 40, 2);
      peak = Math.max(peak, a.haadfClean[p]! - 40);
    }
    expect(peak).toBeCloseTo(500, 2);
    const t = simulateAcquisition(films, { weighting: 'none', gamma: 1.5 });
    expect(t.settings.weights).toEqual([1, 1]);
  });

  for (const name of PHANTOM_NAMES) {
    it(`hits the target chemical and HAADF SNR within 10 % on ${name}`, () => {
      const ph = PHANTOMS[name]({ width: 128, height: 128, seed: 3 });
      const m = 128 * 128;
      for (const [chemSnr, haadfSnr, readNoise] of [[2, 10, 0], [5, 30, 8]] as const) {
        const a = simulateAcquisition(ph, { chemSnr, haadfSnr, readNoise, offset: 100, seed: 5 });
        expect(a.settings.chemSnr).toBeCloseTo(chemSnr, 8);
        expect(a.settings.haadfSnr).toBeCloseTo(haadfSnr, 8);
        const pairs = ph.elements.map((_, i) => ({
          noisy: a.maps.subarray(i * m, (i + 1) * m),
          clean: a.truthMaps.subarray(i * m, (i + 1) * m),
          mask: materialMask(a.truthMaps, m, i * m),
        }));
        expect(Math.abs(empiricalSnr(pairs) / chemSnr - 1)).toBeLessThan(0.1);
        const hm = materialMask(a.haadfClean.map((v) => v - 100), m);
        const h = empiricalSnr([{ noisy: a.haadf, clean: a.haadfClean, mask: hm, offset: 100 }]);
        expect(Math.abs(h / haadfSnr - 1)).toBeLessThan(0.1);
      }
    });
  }

  it('reports per-element SNR: sqrt of the mean expected counts over that element’s material', () => {
    const ph = coreShell({ width: 96, height: 96, seed: 1 });
    const a = simulateAcquisition(ph, { chemDose: 20 });
    const m = 96 * 96;
    ph.elements.forEach((el, i) => {
      const mask = materialMask(ph.truth, m, i * m);
      let s = 0, c = 0;
      for (let p = 0; p < m; p++) if (mask[p]) { s += a.truthMaps[i * m + p]!; c++; }
      expect(a.settings.chemSnrByElement[el]).toBeCloseTo(Math.sqrt(s / c), 3);
    });
    expect(a.settings.chemSnrByElement.Co!).toBeGreaterThan(a.settings.chemSnrByElement.S!);
  });

  it('averages to the truth over many seeds (unbiased Poisson counts and HAADF)', () => {
    const K = 200;
    const sumMaps = new Float64Array(2 * n);
    const sumHaadf = new Float64Array(n);
    let first: ReturnType<typeof simulateAcquisition> | undefined;
    for (let s = 0; s < K; s++) {
      const a = simulateAcquisition(films, { seed: 1000 + s, chemDose: 4, haadfDose: 50, readNoise: 3, offset: 10 });
      first ??= a;
      for (let k = 0; k < 2 * n; k++) sumMaps[k]! += a.maps[k]!;
      for (let p = 0; p < n; p++) sumHaadf[p]! += a.haadf[p]!;
    }
    // reduced χ² of the K-sample means: Σ (mean − λ)² / (λ/K) / count ≈ 1; overall mean ratio ≈ 1
    let chi2 = 0, count = 0, sumMean = 0, sumTruth = 0;
    for (let k = 0; k < 2 * n; k++) {
      const lambda = first!.truthMaps[k]!;
      if (lambda <= 0) { expect(sumMaps[k]).toBe(0); continue; }
      chi2 += (sumMaps[k]! / K - lambda) ** 2 / (lambda / K);
      count++;
      sumMean += sumMaps[k]! / K;
      sumTruth += lambda;
    }
    expect(Math.abs(chi2 / count - 1)).toBeLessThan(0.1);
    expect(Math.abs(sumMean / sumTruth - 1)).toBeLessThan(0.005);
    let hchi2 = 0;
    for (let p = 0; p < n; p++) {
      const expected = first!.haadfClean[p]!;
      const variance = expected - 10 + 9; // Poisson + read noise σ² = 9
      hchi2 += (sumHaadf[p]! / K - expected) ** 2 / (variance / K);
    }
    expect(Math.abs(hchi2 / n - 1)).toBeLessThan(0.1);
  });

  it('rejects conflicting or invalid settings', () => {
    expect(() => simulateAcquisition(films, { chemDose: 5, chemSnr: 2 })).toThrow(RangeError);
    expect(() => simulateAcquisition(films, { haadfDose: 5, haadfSnr: 2 })).toThrow(RangeError);
    expect(() => simulateAcquisition(films, { chemDose: -1 })).toThrow(RangeError);
    expect(() => simulateAcquisition(films, { readNoise: -1 })).toThrow(RangeError);
    expect(() => simulateAcquisition({ ...films, truth: new Float32Array(2 * n) })).toThrow(/no material/);
  });
});
