// The default λ search's splits for maps that are not raw counts (issue 10): Gaussian data fission for least-squares
// maps (halves independent and unbiased, their variance from the map's own noise model, scored by an unbiased risk),
// and Poisson thinning of scaled counts (counts × a factor) in count units.

import { describe, expect, it } from 'vitest';
import { fissionMaps, pixelVariance } from '../../../src/compute/autoparams/fission.js';
import { unbiasedRisk } from '../../../src/compute/autoparams/score.js';
import { countSteps, thinScaledMaps } from '../../../src/compute/autoparams/thinning.js';
import { createRng } from '../../../src/compute/simulate/random.js';

const W = 200, H = 200, N = W * H;

function stats(a: ArrayLike<number>, b: ArrayLike<number> = a): { mean: number; cov: number } {
  let ma = 0, mb = 0;
  for (let k = 0; k < a.length; k++) { ma += a[k]!; mb += b[k]!; }
  ma /= a.length; mb /= b.length;
  let c = 0;
  for (let k = 0; k < a.length; k++) c += (a[k]! - ma) * (b[k]! - mb);
  return { mean: ma, cov: c / (a.length - 1) };
}

describe('Gaussian data fission', () => {
  // a background-subtracted map: a ramp μ with white noise σ = 0.3 around it, negatives present
  const rng = createRng(11);
  const sigma = 0.3;
  const mu = Float32Array.from({ length: N }, (_, k) => 0.2 * ((k % W) / W));
  const map = Float32Array.from(mu, (m) => m + sigma * rng.normal());
  const { first: [b1], second: [b2], secondVariance: [v2] } = fissionMaps([map], W, H, createRng(12));
  const noise = (b: Float32Array) => Float32Array.from(b, (v, k) => v - mu[k]!);

  it('estimates the per-pixel variance σ² from the map itself', () => {
    const v = pixelVariance(map, W, H);
    const { mean } = stats(v);
    expect(mean / sigma ** 2).toBeGreaterThan(0.95);
    expect(mean / sigma ** 2).toBeLessThan(1.05);
  });

  it('gives halves that are unbiased for μ, of variance 2σ² each, and uncorrelated', () => {
    const e1 = noise(b1!), e2 = noise(b2!);
    const s1 = stats(e1), s2 = stats(e2), c = stats(e1, e2);
    for (const s of [s1, s2]) {
      expect(Math.abs(s.mean)).toBeLessThan(5 * Math.sqrt((2 * sigma ** 2) / N)); // unbiased
      expect(s.cov / (2 * sigma ** 2)).toBeGreaterThan(0.95);
      expect(s.cov / (2 * sigma ** 2)).toBeLessThan(1.05);
    }
    expect(Math.abs(c.cov / Math.sqrt(s1.cov * s2.cov))).toBeLessThan(0.03); // would be −1/… for b ± the same noise
    for (let k = 0; k < N; k++) expect(b1![k]! + b2![k]!).toBeCloseTo(2 * map[k]!, 4); // b₁ + b₂ = 2b (τ = 1)
    expect(v2! / (N * 2 * sigma ** 2)).toBeGreaterThan(0.95);
    expect(v2! / (N * 2 * sigma ** 2)).toBeLessThan(1.05);
  });

  it('scores an estimate by an unbiased risk: ≈ MSE(x̂)/MSE(raw half) against the truth, ≈ 0 for the truth', () => {
    expect(Math.abs(unbiasedRisk([mu], [b2!], [v2!]))).toBeLessThan(0.03);
    // x̂ = μ + the first half's noise shrunk by ½: true MSE ratio ¼ (independent of b₂, so no optimism)
    const shrunk = Float32Array.from(b1!, (v, k) => mu[k]! + 0.5 * (v - mu[k]!));
    expect(Math.abs(unbiasedRisk([shrunk], [b2!], [v2!]) - 0.25)).toBeLessThan(0.03);
    // scored against the map it was fitted to, the raw half itself would look perfect; against b₂ it scores 1
    expect(Math.abs(unbiasedRisk([b1!], [b2!], [v2!]) - 1)).toBeLessThan(0.04);
  });
});

describe('thinning of scaled counts', () => {
  const rng = createRng(21);
  const counts = Float32Array.from({ length: N }, () => rng.poisson(6));
  const scaled = Float32Array.from(counts, (v) => v * 0.37);

  it('finds the step of counts × a factor, and refuses fractions and negatives', () => {
    expect(countSteps([counts])).toEqual([1]);
    expect(countSteps([Float32Array.from(counts, (v) => 4 * v)])).toEqual([4]); // integers, but counts × 4
    const [q] = countSteps([scaled])!;
    expect(q!).toBeCloseTo(0.37, 5);
    expect(countSteps([Float32Array.from(scaled, (v, k) => v + 0.01 * ((k * 7919) % 13) / 13)])).toBeNull();
    expect(countSteps([Float32Array.of(0, 1, -1, 2)])).toBeNull();
  });

  it('splits b = q·n into q·Binomial halves that add up to b and are independent Poisson(μ/2)·q', () => {
    const steps = countSteps([scaled])!;
    const [[a], [b]] = thinScaledMaps([scaled], steps, createRng(22));
    for (let k = 0; k < N; k += 97) expect(a![k]! + b![k]!).toBeCloseTo(scaled[k]!, 4);
    const sa = stats(a!), sb = stats(b!), c = stats(a!, b!);
    for (const s of [sa, sb]) {
      expect(Math.abs(s.mean / 0.37 - 3)).toBeLessThan(0.05);
      expect(Math.abs(s.cov / 0.37 ** 2 - 3)).toBeLessThan(0.12);
    }
    expect(Math.abs(c.cov / Math.sqrt(sa.cov * sb.cov))).toBeLessThan(0.03);
  });
});
