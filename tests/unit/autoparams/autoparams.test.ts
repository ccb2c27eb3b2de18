// The held-out splits behind λ from the data and the k-ratio estimate: the binomial sampler, Poisson thinning and the
// checkerboard split, and their scores. (The issue-6 grid search over λ they first served was replaced by the path
// search, autoparams/path-search.ts, tested in path-search.test.ts.)

import { describe, expect, it } from 'vitest';
import { binomial, binomialHalf, EXACT_HALF_LIMIT, checkerboardMask, fillHeldOut, heldOutSquaredError, isCountData, poissonScore, thinMaps } from '../../../src/compute/autoparams/index.js';
import { createRng } from '../../../src/compute/simulate/index.js';

function meanVar(xs: ArrayLike<number>): [number, number] {
  let m = 0;
  for (let k = 0; k < xs.length; k++) m += xs[k]!;
  m /= xs.length;
  let v = 0;
  for (let k = 0; k < xs.length; k++) v += (xs[k]! - m) ** 2;
  return [m, v / (xs.length - 1)];
}

describe('binomial sampler', () => {
  it('Binomial(n, ½) has mean n/2 and variance n/4, stays in [0, n], and is exact at the edges', () => {
    const rng = createRng(1);
    for (const n of [1, 7, 31, 32, 33, 100, 1000, EXACT_HALF_LIMIT, EXACT_HALF_LIMIT + 1, 1e7, 2 ** 40]) {
      const draws = Float64Array.from({ length: 20000 }, () => binomialHalf(n, rng));
      const [m, v] = meanVar(draws);
      expect(Math.abs(m - n / 2)).toBeLessThan(5 * Math.sqrt(n / 4 / 20000));
      expect(v / (n / 4)).toBeGreaterThan(0.94);
      expect(v / (n / 4)).toBeLessThan(1.06);
      expect(draws.every((d) => d >= 0 && d <= n && Number.isInteger(d))).toBe(true);
    }
    expect(binomialHalf(0, rng)).toBe(0);
    expect(() => binomialHalf(2.5, rng)).toThrow(RangeError);
  });

  it('splits counts near float32’s limit in one draw, not n/32 (3e38 hung `fusem fuse` before)', () => {
    const rng = createRng(3);
    const k = binomialHalf(3e38, rng);
    expect(k / 3e38).toBeGreaterThan(0.5 - 1e-15);
    expect(k / 3e38).toBeLessThan(0.5 + 1e-15);
  });

  it('Binomial(n, p) for p ≠ ½ has mean np and variance np(1 − p)', () => {
    const rng = createRng(2);
    const draws = Float64Array.from({ length: 20000 }, () => binomial(12, 0.3, rng));
    const [m, v] = meanVar(draws);
    expect(Math.abs(m - 3.6)).toBeLessThan(0.04);
    expect(Math.abs(v - 2.52)).toBeLessThan(0.12);
  });
});

describe('Poisson thinning', () => {
  const rng = createRng(3);
  const mu = 6, n = 40000;
  const map = Float32Array.from({ length: n }, () => rng.poisson(mu));
  const [[a], [b]] = thinMaps([map], createRng(4));

  it('preserves every pixel total exactly', () => {
    for (let k = 0; k < n; k++) expect(a![k]! + b![k]!).toBe(map[k]!);
  });

  it('gives halves with Poisson(μ/2) mean and variance that are uncorrelated', () => {
    const [ma, va] = meanVar(a!), [mb, vb] = meanVar(b!);
    for (const [m, v] of [[ma, va], [mb, vb]] as const) {
      expect(Math.abs(m - mu / 2)).toBeLessThan(0.05);
      expect(Math.abs(v - mu / 2)).toBeLessThan(0.15); // Poisson: variance = mean
    }
    let cov = 0;
    for (let k = 0; k < n; k++) cov += (a![k]! - ma) * (b![k]! - mb);
    const r = cov / (n - 1) / Math.sqrt(va * vb);
    expect(Math.abs(r)).toBeLessThan(0.03); // would be 0.5 for a deterministic split of the same noise
  });

  it('count detection: non-negative integers only', () => {
    expect(isCountData([Float32Array.of(0, 3, 7)])).toBe(true);
    expect(isCountData([Float32Array.of(0, 3.5)])).toBe(false);
    expect(isCountData([Float32Array.of(1, -1)])).toBe(false);
  });
});

describe('checkerboard split', () => {
  const w = 100, h = 100;
  const rng = createRng(5);
  const map = Float32Array.from({ length: w * h }, () => 10 + 2 * rng.normal());
  const held = checkerboardMask(w, h, 0);

  it('holds out one colour, keeps the other, and refills with the right mean and noise variance', () => {
    expect(held.reduce((s, v) => s + v, 0)).toBe(w * h / 2);
    expect(held[0]).toBe(1);
    expect(held[1]).toBe(0);
    expect(held[w]).toBe(0);
    const filled = fillHeldOut(map, w, h, held);
    const plain = fillHeldOut(map, w, h, held, false);
    const heldValues = (m: Float32Array) => m.filter((_, k) => held[k] === 1);
    for (let k = 0; k < w * h; k++) if (!held[k]) expect(filled[k]).toBe(map[k]);
    const [m, v] = meanVar(heldValues(filled));
    expect(Math.abs(m - 10)).toBeLessThan(0.1);
    expect(v / 4).toBeGreaterThan(0.9);
    expect(v / 4).toBeLessThan(1.1);
    expect(meanVar(heldValues(plain))[1] / 4).toBeLessThan(0.4); // the plain neighbour mean is too clean
  });

  it('scores: squared error on held-out pixels only; Poisson NLL minimised at the held-out counts’ mean', () => {
    const fitted = [Float32Array.of(1, 5)], measured = [Float32Array.of(2, 100)];
    expect(heldOutSquaredError(fitted, measured, Uint8Array.of(1, 0))).toBeCloseTo(1 / 4);
    const b = [Float32Array.of(2, 4, 6)];
    const at = (c: number) => poissonScore([Float32Array.of(c, c, c)], b);
    expect(at(4)).toBeLessThan(at(3.9));
    expect(at(4)).toBeLessThan(at(4.1));
  });
});
