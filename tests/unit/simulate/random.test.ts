import { describe, it, expect } from 'vitest';
import { createRng, logFactorial } from '../../../src/compute/simulate/random.js';

function moments(xs: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (const x of xs) s += x;
  const mean = s / xs.length;
  let v = 0;
  for (const x of xs) v += (x - mean) ** 2;
  return { mean, variance: v / (xs.length - 1) };
}

function poissonPmf(k: number, lambda: number): number {
  return Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));
}

describe('createRng', () => {
  it('is deterministic for a seed and differs between seeds and streams', () => {
    const draw = (seed: number, stream = 0): number[] => {
      const r = createRng(seed, stream);
      return Array.from({ length: 50 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42)).not.toEqual(draw(42, 1));
    expect(draw(0)).not.toEqual(draw(2 ** 32)); // high bits of the seed count
    const a = createRng(7), b = createRng(7);
    const mixed = (r: ReturnType<typeof createRng>): number[] => [r.uniform(), r.normal(), r.poisson(3), r.poisson(500), r.normal()];
    expect(mixed(a)).toEqual(mixed(b));
  });

  it('rejects a non-finite seed', () => {
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });

  it('gives uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = createRng(1);
    const n = 200_000;
    const xs = new Float64Array(n);
    for (let k = 0; k < n; k++) xs[k] = r.uniform();
    expect(Math.min(...xs.subarray(0, 100_000))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs.subarray(0, 100_000))).toBeLessThan(1);
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    // deciles are flat: each holds 10 % ± 5 SE
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]!++;
    for (const b of bins) expect(Math.abs(b / n - 0.1)).toBeLessThan(5 * Math.sqrt(0.09 / n));
  });

  it('gives standard normals: mean 0, variance 1, kurtosis 3', () => {
    const r = createRng(2);
    const n = 200_000;
    const xs = new Float64Array(n);
    for (let k = 0; k < n; k++) xs[k] = r.normal();
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    let m4 = 0;
    for (const x of xs) m4 += x ** 4;
    expect(Math.abs(m4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n)); // Var(z⁴) = 105 − 9 = 96
    let within1 = 0;
    for (const x of xs) if (Math.abs(x) < 1) within1++;
    expect(Math.abs(within1 / n - 0.682689)).toBeLessThan(0.005);
  });
});

describe('Poisson sampler', () => {
  // mean and variance of n samples: SE(mean) = sqrt(λ/n), SE(var) ≈ sqrt((λ + 2λ²)/n) (Poisson μ4 = λ + 3λ²)
  for (const lambda of [0.1, 3, 12, 50, 1e4]) {
    it(`has mean λ and variance λ for λ = ${lambda}`, () => {
      const r = createRng(1000 + lambda);
      const n = 1_000_000;
      const xs = new Float64Array(n);
      for (let k = 0; k < n; k++) xs[k] = r.poisson(lambda);
      for (let k = 0; k < 1000; k++) {
        expect(Number.isInteger(xs[k])).toBe(true);
        expect(xs[k]).toBeGreaterThanOrEqual(0);
      }
      const { mean, variance } = moments(xs);
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
      expect(Math.abs(variance - lambda)).toBeLessThan(5 * Math.sqrt((lambda + 2 * lambda * lambda) / n));
    });
  }

  for (const lambda of [0.1, 3, 12, 50]) {
    it(`matches the Poisson pmf near the mode for λ = ${lambda}`, () => {
      const r = createRng(77, Math.round(lambda * 10));
      const n = 1_000_000;
      const counts = new Map<number, number>();
      for (let k = 0; k < n; k++) {
        const x = r.poisson(lambda);
        counts.set(x, (counts.get(x) ?? 0) + 1);
      }
      const mode = Math.floor(lambda);
      for (let k = Math.max(0, mode - 3); k <= mode + 3; k++) {
        const p = poissonPmf(k, lambda);
        const se = Math.sqrt((p * (1 - p)) / n);
        expect(Math.abs((counts.get(k) ?? 0) / n - p)).toBeLessThan(5 * se + 1e-6);
      }
    });
  }

  it('returns 0 for λ = 0 and rejects negative or non-finite means', () => {
    const r = createRng(3);
    expect(r.poisson(0)).toBe(0);
    expect(() => r.poisson(-1)).toThrow(RangeError);
    expect(() => r.poisson(Number.NaN)).toThrow(RangeError);
    expect(() => r.poisson(Infinity)).toThrow(RangeError);
  });
});

describe('logFactorial', () => {
  it('is exact in the table and matches Σ log j in the Stirling range', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
    for (const k of [255, 256, 300, 5000]) {
      let s = 0;
      for (let j = 2; j <= k; j++) s += Math.log(j);
      expect(Math.abs(logFactorial(k) - s) / s).toBeLessThan(1e-12);
    }
  });
});
