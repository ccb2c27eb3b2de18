import { describe, it, expect } from 'vitest';
import {
  concentrationThreshold, DEFAULT_THRESHOLD_FRACTION, regionConcentrationValues, regionStatistics, relativeConcentration,
} from '../../../src/compute/quant/index.js';
import { createRng } from '../../../src/compute/simulate/random.js';

// Two elements on four pixels: totals 4, 4, 0 (vacuum), 0.02 (nearly vacuum).
const STACK = Float32Array.from([1, 3, 0, 0.01, /* element 2 */ 3, 1, 0, 0.01]);

describe('relativeConcentration', () => {
  it('c_i = x_i / Σ_j x_j; pixels below 5 % of the largest total are NaN and counted', () => {
    const r = relativeConcentration(STACK, 2);
    expect(DEFAULT_THRESHOLD_FRACTION).toBe(0.05);
    expect(r.threshold).toBeCloseTo(0.2, 12);
    expect(Array.from(r.concentration)).toEqual([0.25, 0.75, NaN, NaN, 0.75, 0.25, NaN, NaN]);
    expect(Array.from(r.valid)).toEqual([1, 1, 0, 0]);
    expect([r.used, r.excluded]).toEqual([2, 2]);
  });

  it('takes an absolute threshold or another fraction; a zero total is excluded whatever the threshold', () => {
    const r = relativeConcentration(STACK, 2, { threshold: 0 });
    expect([r.used, r.excluded]).toEqual([3, 1]);
    expect(r.concentration[3]).toBeCloseTo(0.5, 6);
    expect(relativeConcentration(STACK, 2, { thresholdFraction: 0.001 }).used).toBe(3); // 0.02 ≥ 0.004
    expect(concentrationThreshold(STACK, 2, { thresholdFraction: 0.5 })).toBe(2);
    expect(relativeConcentration(STACK, 2, { threshold: 5 }).used).toBe(0);
  });

  it('rejects a stack that does not hold the maps', () => {
    expect(() => relativeConcentration(new Float32Array(7), 2)).toThrow(RangeError);
    expect(() => relativeConcentration(STACK, 0)).toThrow(RangeError);
    expect(() => relativeConcentration(STACK, 2, { thresholdFraction: -1 })).toThrow(RangeError);
  });
});

describe('regionStatistics', () => {
  // Region of 3 pixels: x1 = 1, 2, 6; x2 = 3, 2, 2 → T = 4, 4, 8; c1 = 0.25, 0.5, 0.75. A fourth pixel is vacuum.
  const stack = Float64Array.from([1, 2, 6, 0, /* element 2 */ 3, 2, 2, 0]);
  const mask = Uint8Array.from([1, 1, 1, 1]);

  it('gives mean ± sample std of c_i (mean of ratios) and Σ x_i / Σ Σ x_j (ratio of sums)', () => {
    const r = regionStatistics(stack, ['A', 'B'], mask);
    if (!r.ok) throw new Error(r.error);
    expect([r.pixels, r.used, r.excluded]).toEqual([4, 3, 1]);
    const [a, b] = r.elements;
    expect(a!.element).toBe('A');
    expect(a!.mean).toBeCloseTo(0.5, 14);
    expect(a!.std).toBeCloseTo(0.25, 14); // sqrt((0.25² + 0 + 0.25²) / 2)
    expect(a!.ratioOfSums).toBeCloseTo(9 / 16, 14);
    expect(b!.mean).toBeCloseTo(0.5, 14);
    expect(b!.ratioOfSums).toBeCloseTo(7 / 16, 14);
    expect(a!.meanStderr).toBeUndefined();
  });

  it('propagates per-pixel standard errors to the region mean and ratio of sums (delta method)', () => {
    const sig = new Float64Array(8).fill(1);
    const r = regionStatistics(stack, ['A', 'B'], mask, { stderr: sig });
    if (!r.ok) throw new Error(r.error);
    // Var(c) = ((1−c)² + c²)/T² per pixel: 0.625/16 + 0.5/16 + 0.625/64; SE = sqrt(Σ)/3
    expect(r.elements[0]!.meanStderr).toBeCloseTo(Math.sqrt(0.625 / 16 + 0.5 / 16 + 0.625 / 64) / 3, 14);
    // R = 9/16, S = 16: Var = 3·((1−R)² + R²)/S²
    const R = 9 / 16;
    expect(r.elements[0]!.ratioOfSumsStderr).toBeCloseTo(Math.sqrt(3 * ((1 - R) ** 2 + R * R)) / 16, 14);
    // with two elements c_B = 1 − c_A, so both have the same errors
    expect(r.elements[1]!.meanStderr).toBeCloseTo(r.elements[0]!.meanStderr!, 14);
  });

  it('the propagated standard error matches the scatter of region means under simulated independent noise', () => {
    // 3 elements, 50 pixels of varied composition; Gaussian noise of σ = 1 % of each value (the delta method's regime)
    const n = 50;
    const rng = createRng(7);
    const x = new Float64Array(3 * n);
    for (let k = 0; k < x.length; k++) x[k] = 10 + 90 * rng.uniform();
    const sig = x.map((v) => 0.01 * v);
    const m = new Uint8Array(n).fill(1);
    const predicted = regionStatistics(x, ['a', 'b', 'c'], m, { stderr: sig });
    if (!predicted.ok) throw new Error(predicted.error);
    const trials = 2000;
    const means = [new Float64Array(trials), new Float64Array(trials), new Float64Array(trials)];
    const ratios = [new Float64Array(trials), new Float64Array(trials), new Float64Array(trials)];
    const noisy = new Float64Array(3 * n);
    for (let t = 0; t < trials; t++) {
      for (let k = 0; k < noisy.length; k++) noisy[k] = x[k]! + sig[k]! * rng.normal();
      const s = regionStatistics(noisy, ['a', 'b', 'c'], m, { threshold: 0 });
      if (!s.ok) throw new Error(s.error);
      s.elements.forEach((e, i) => { means[i]![t] = e.mean; ratios[i]![t] = e.ratioOfSums; });
    }
    const sd = (v: Float64Array): number => {
      const mu = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1));
    };
    predicted.elements.forEach((e, i) => {
      expect(Math.abs(sd(means[i]!) / e.meanStderr! - 1)).toBeLessThan(0.07); // SE of an SD estimate from 2000 trials ≈ 1.6 %
      expect(Math.abs(sd(ratios[i]!) / e.ratioOfSumsStderr! - 1)).toBeLessThan(0.07);
    });
  });

  it('means and ratios of sums each sum to 1 over the elements', () => {
    const rng = createRng(3);
    const x = Float64Array.from({ length: 3 * 40 }, () => rng.uniform());
    const r = regionStatistics(x, ['a', 'b', 'c'], new Uint8Array(40).fill(1), { threshold: 0 });
    if (!r.ok) throw new Error(r.error);
    expect(r.elements.reduce((s, e) => s + e.mean, 0)).toBeCloseTo(1, 12);
    expect(r.elements.reduce((s, e) => s + e.ratioOfSums, 0)).toBeCloseTo(1, 12);
  });

  it('one pixel has std 0; an empty or all-vacuum region is an error value', () => {
    const one = regionStatistics(stack, ['A', 'B'], Uint8Array.from([0, 0, 1, 0]));
    expect(one.ok && [one.used, one.elements[0]!.mean, one.elements[0]!.std]).toEqual([1, 0.75, 0]);
    const empty = regionStatistics(stack, ['A', 'B'], new Uint8Array(4));
    expect(empty).toMatchObject({ ok: false, pixels: 0, excluded: 0 });
    const vacuum = regionStatistics(stack, ['A', 'B'], Uint8Array.from([0, 0, 0, 1]));
    expect(vacuum).toMatchObject({ ok: false, pixels: 1, excluded: 1 });
    expect(!vacuum.ok && vacuum.error).toMatch(/threshold/);
  });

  it('rejects a mask or stderr of the wrong size', () => {
    expect(() => regionStatistics(stack, ['A', 'B'], new Uint8Array(3))).toThrow(RangeError);
    expect(() => regionStatistics(stack, ['A', 'B'], mask, { stderr: new Float64Array(4) })).toThrow(RangeError);
  });
});

describe('regionConcentrationValues', () => {
  it('lists c_element at the used pixels of the mask, row-major', () => {
    const stack = Float64Array.from([1, 2, 6, 0, 3, 2, 2, 0]);
    expect(Array.from(regionConcentrationValues(stack, 2, 0, Uint8Array.from([1, 0, 1, 1])))).toEqual([0.25, 0.75]);
    expect(Array.from(regionConcentrationValues(stack, 2, 1, Uint8Array.from([1, 1, 1, 1])))).toEqual([0.75, 0.5, 0.25]);
    expect(() => regionConcentrationValues(stack, 2, 2, Uint8Array.from([1, 1, 1, 1]))).toThrow(RangeError);
  });
});
