import { describe, it, expect } from 'vitest';
import { fitGaussian, fitGaussianMixture2, fitGaussianModels, mixtureDensity } from '../../../src/compute/quant/index.js';
import { createRng } from '../../../src/compute/simulate/random.js';

/** n samples of Σ_k w_k N(μ_k, σ_k²), seeded. */
function sampleMixture(n: number, seed: number, comps: { weight: number; mean: number; sigma: number }[]): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => {
    let u = rng.uniform();
    let c = comps[comps.length - 1]!;
    for (const k of comps) { if (u < k.weight) { c = k; break; } u -= k.weight; }
    return c.mean + c.sigma * rng.normal();
  });
}

describe('fitGaussian (one component, closed form)', () => {
  it('is the ML mean and population σ, with ln L̂ = −(n/2)(ln 2πσ² + 1) and BIC = 2 ln n − 2 ln L̂', () => {
    const f = fitGaussian([1, 2, 3, 4])!;
    const s2 = 1.25; // Σ(v − 2.5)² / 4
    expect(f.components).toHaveLength(1);
    expect(f.components[0]!.weight).toBe(1);
    expect(f.components[0]!.mean).toBeCloseTo(2.5, 14);
    expect(f.components[0]!.sigma).toBeCloseTo(Math.sqrt(s2), 14);
    expect(f.logLikelihood).toBeCloseTo(-2 * (Math.log(2 * Math.PI * s2) + 1), 12);
    expect(f.bic).toBeCloseTo(2 * Math.log(4) - 2 * f.logLikelihood, 12);
    expect(f.parameters).toBe(2);
    expect(fitGaussian([Number.NaN])).toBeNull();
  });
});

describe('fitGaussianModels', () => {
  it('recovers one Gaussian N(0.4, 0.02²) and BIC prefers it', () => {
    const n = 4000;
    const r = fitGaussianModels(sampleMixture(n, 1, [{ weight: 1, mean: 0.4, sigma: 0.02 }]));
    if (!r.ok) throw new Error(r.error);
    expect(r.n).toBe(n);
    expect(r.chosen).toBe(1);
    expect(r.best).toBe(r.one);
    expect(r.two).not.toBeNull();
    expect(r.one.bic).toBeLessThan(r.two!.bic);
    // tolerances ≈ 6 standard errors: σ/√n = 3.2e-4 for the mean, σ/√(2n) = 2.2e-4 for σ
    expect(Math.abs(r.one.components[0]!.mean - 0.4)).toBeLessThan(0.002);
    expect(Math.abs(r.one.components[0]!.sigma - 0.02)).toBeLessThan(0.0015);
  });

  it('recovers a two-Gaussian mixture 0.3·N(0.25, 0.02²) + 0.7·N(0.6, 0.03²) and BIC prefers it', () => {
    const r = fitGaussianModels(sampleMixture(4000, 2, [{ weight: 0.3, mean: 0.25, sigma: 0.02 }, { weight: 0.7, mean: 0.6, sigma: 0.03 }]));
    if (!r.ok) throw new Error(r.error);
    expect(r.chosen).toBe(2);
    const two = r.two!;
    expect(r.best).toBe(two);
    expect(two.bic).toBeLessThan(r.one.bic);
    expect(two.degenerate).toBe(false);
    expect(two.converged).toBe(true);
    expect(two.parameters).toBe(5);
    expect(two.bic).toBeCloseTo(5 * Math.log(4000) - 2 * two.logLikelihood, 9);
    const [a, b] = two.components;
    expect(Math.abs(a!.mean - 0.25)).toBeLessThan(0.004);
    expect(Math.abs(b!.mean - 0.6)).toBeLessThan(0.004);
    expect(Math.abs(a!.sigma - 0.02)).toBeLessThan(0.003);
    expect(Math.abs(b!.sigma - 0.03)).toBeLessThan(0.003);
    expect(Math.abs(a!.weight - 0.3)).toBeLessThan(0.03); // binomial SE of the weight ≈ 0.007
    expect(a!.weight + b!.weight).toBeCloseTo(1, 12);
  });

  it('separates two overlapping phases 3.3 σ apart with equal weights', () => {
    const r = fitGaussianModels(sampleMixture(6000, 3, [{ weight: 0.5, mean: 0.4, sigma: 0.03 }, { weight: 0.5, mean: 0.5, sigma: 0.03 }]));
    if (!r.ok) throw new Error(r.error);
    expect(r.chosen).toBe(2);
    const [a, b] = r.two!.components;
    expect(Math.abs(a!.mean - 0.4)).toBeLessThan(0.01);
    expect(Math.abs(b!.mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(a!.weight - 0.5)).toBeLessThan(0.08);
  });

  it('handles a single value: σ at the floor, no mixture, ln L̂ = −ln(σ√2π)', () => {
    const r = fitGaussianModels([0.4], { minSigma: 1e-3 });
    if (!r.ok) throw new Error(r.error);
    expect([r.n, r.chosen, r.two]).toEqual([1, 1, null]);
    expect(r.one.components[0]).toEqual({ weight: 1, mean: 0.4, sigma: 1e-3 });
    expect(r.one.logLikelihood).toBeCloseTo(-Math.log(1e-3 * Math.sqrt(2 * Math.PI)), 12);
    expect(r.one.bic).toBeCloseTo(-2 * r.one.logLikelihood, 12); // k ln 1 = 0
  });

  it('handles a constant sample: one Gaussian at the value with σ = minSigma; the mixture gains nothing', () => {
    const r = fitGaussianModels(new Float64Array(200).fill(0.4));
    if (!r.ok) throw new Error(r.error);
    expect(r.chosen).toBe(1);
    expect(r.minSigma).toBe(1e-4);
    expect(r.one.components[0]!.mean).toBeCloseTo(0.4, 15);
    expect(r.one.components[0]!.sigma).toBe(1e-4);
    expect(r.two!.logLikelihood).toBeCloseTo(r.one.logLikelihood, 6);
    for (const c of r.two!.components) { expect(c.mean).toBeCloseTo(0.4, 12); expect(c.sigma).toBe(1e-4); }
  });

  it('never chooses a mixture whose second component is a single outlier (degenerate)', () => {
    const v = new Float64Array(100).fill(0.4);
    v[99] = 0.9;
    const r = fitGaussianModels(v);
    if (!r.ok) throw new Error(r.error);
    expect(r.two!.degenerate).toBe(true);
    expect(r.two!.bic).toBeLessThan(r.one.bic); // BIC alone would pick the collapsed component
    expect(r.chosen).toBe(1);
  });

  it('ignores non-finite values, is an error value for none, and is deterministic', () => {
    expect(fitGaussianModels([Number.NaN, Number.POSITIVE_INFINITY])).toMatchObject({ ok: false });
    expect(fitGaussianModels([])).toMatchObject({ ok: false });
    const v = sampleMixture(500, 4, [{ weight: 0.5, mean: 0.2, sigma: 0.05 }, { weight: 0.5, mean: 0.7, sigma: 0.05 }]);
    const withNaN = Float64Array.from([...v, Number.NaN]);
    const a = fitGaussianModels(withNaN), b = fitGaussianModels(v);
    expect(a).toEqual(b);
    expect(fitGaussianMixture2(v.subarray(0, 5))).toBeNull();
  });

  it('rejects bad options', () => {
    expect(() => fitGaussianModels([1, 2], { minSigma: 0 })).toThrow(RangeError);
    expect(() => fitGaussianModels([1, 2], { maxIterations: 0 })).toThrow(RangeError);
  });
});

describe('mixtureDensity', () => {
  it('is Σ w_k N(x | μ_k, σ_k²) and integrates to 1', () => {
    expect(mixtureDensity([{ weight: 1, mean: 0, sigma: 1 }], 0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    const comps = [{ weight: 0.3, mean: 0.25, sigma: 0.02 }, { weight: 0.7, mean: 0.6, sigma: 0.03 }];
    expect(mixtureDensity(comps, 0.6)).toBeCloseTo(0.7 / (0.03 * Math.sqrt(2 * Math.PI)) + 0.3 * Math.exp(-0.5 * (0.35 / 0.02) ** 2) / (0.02 * Math.sqrt(2 * Math.PI)), 10);
    let integral = 0;
    const h = 1e-4;
    for (let x = 0; x <= 1; x += h) integral += mixtureDensity(comps, x) * h; // Riemann sum
    expect(integral).toBeCloseTo(1, 4);
  });
});
