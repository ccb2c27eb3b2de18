// Issue 13: region fits report each μ and σ with its standard error, and refuse two Gaussians on too few pixels.

import { describe, expect, it } from 'vitest';
import { componentErrors, fitGaussianModels, MIN_VALUES_TWO_GAUSSIANS } from '../../../src/compute/quant/index.js';
import { createRng } from '../../../src/compute/simulate/index.js';

function normal(n: number, mean: number, sigma: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => mean + sigma * rng.normal());
}

describe('Gaussian fit uncertainties', () => {
  it('SE(μ) = σ/√n and SE(σ) = σ/√(2n) for one Gaussian, and they match the scatter over 200 repeats', () => {
    const n = 400, means: number[] = [], sigmas: number[] = [], ses: number[] = [];
    for (let s = 1; s <= 200; s++) {
      const r = fitGaussianModels(normal(n, 40, 3, s));
      if (!r.ok) throw new Error(r.error);
      const [c] = componentErrors(r.one, r.n);
      expect(c!.meanError).toBeCloseTo(c!.sigma / Math.sqrt(n), 12);
      expect(c!.sigmaError).toBeCloseTo(c!.sigma / Math.sqrt(2 * n), 12);
      means.push(c!.mean); sigmas.push(c!.sigma); ses.push(c!.meanError);
    }
    const sd = (v: number[]) => { const m = v.reduce((a, b) => a + b) / v.length; return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)); };
    const meanSe = ses.reduce((a, b) => a + b) / ses.length;
    expect(sd(means) / meanSe).toBeGreaterThan(0.8);
    expect(sd(means) / meanSe).toBeLessThan(1.2);
    expect(sd(sigmas) / (3 / Math.sqrt(2 * n))).toBeGreaterThan(0.8);
    expect(sd(sigmas) / (3 / Math.sqrt(2 * n))).toBeLessThan(1.2);
  });

  it('per component of a mixture, from its share of the values', () => {
    const v = Float64Array.from([...normal(300, 20, 2, 7), ...normal(700, 60, 4, 8)]);
    const r = fitGaussianModels(v);
    if (!r.ok) throw new Error(r.error);
    expect(r.chosen).toBe(2);
    const [a, b] = componentErrors(r.best, r.n);
    expect(a!.meanError).toBeCloseTo(a!.sigma / Math.sqrt(1000 * a!.weight), 12);
    expect(b!.meanError).toBeLessThan(0.2);
    expect(Math.abs(a!.mean - 20)).toBeLessThan(3 * a!.meanError + 0.05);
  });

  it('refuses two Gaussians below 50 values, saying why, and fits them from 50 on', () => {
    const small = fitGaussianModels([...normal(6, 20, 1, 3), ...normal(5, 60, 1, 4)]); // 11 pixels, two clear groups
    if (!small.ok) throw new Error(small.error);
    expect(small.two).toBeNull();
    expect(small.chosen).toBe(1);
    expect(small.twoRefused).toBe(`two Gaussians not fitted: 11 values, and a mixture's 5 parameters need at least ${MIN_VALUES_TWO_GAUSSIANS}`);
    const enough = fitGaussianModels([...normal(25, 20, 1, 3), ...normal(25, 60, 1, 4)]);
    if (!enough.ok) throw new Error(enough.error);
    expect(enough.twoRefused).toBeNull();
    expect(enough.chosen).toBe(2);
  });
});
