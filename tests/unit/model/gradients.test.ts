import { describe, expect, it } from 'vitest';
import { haadfCost, haadfGradient } from '../../../src/compute/model/haadf-term.js';
import { chemCost, chemGradient } from '../../../src/compute/model/chem-term.js';
import { elementWeights, type WeightingMode } from '../../../src/compute/model/weighting.js';
import { atomicNumber } from '../../../src/compute/model/elements.js';
import { randomArray } from '../helpers.js';

const elements = ['Co', 'Mn', 'O'];
const pixels = 12;

/** Central finite difference of f at every coordinate of x, in float64 on a float64 copy. */
function finiteDifference(f: (x: Float32Array) => number, x: Float32Array, h: number): Float64Array {
  const g = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const plus = x.slice(), minus = x.slice();
    plus[k] = x[k]! + h;
    minus[k] = x[k]! - h;
    g[k] = (f(plus) - f(minus)) / (plus[k]! - minus[k]!);
  }
  return g;
}

function expectClose(analytic: Float32Array, numeric: Float64Array, rel: number) {
  let scale = 0;
  for (const v of numeric) scale = Math.max(scale, Math.abs(v));
  for (let k = 0; k < analytic.length; k++) expect(Math.abs(analytic[k]! - numeric[k]!)).toBeLessThan(rel * scale);
}

describe('Ψ1 gradient matches finite differences', () => {
  for (const mode of ['paper', 'tutorial', 'none'] as WeightingMode[]) {
    for (const gamma of [1.4, 1.7, 2]) {
      it(`weighting ${mode}, γ = ${gamma}`, () => {
        const x = randomArray(pixels * elements.length, 11, 0.2, 1.2);
        const haadf = randomArray(pixels, 12, 0, 3);
        const a = elementWeights(elements, mode, gamma);
        const f = (v: Float32Array) => haadfCost(v, haadf, a, gamma);
        expectClose(haadfGradient(x, haadf, a, gamma), finiteDifference(f, x, 1e-3), 2e-3);
      });
    }
  }
});

describe('Ψ2 gradient matches finite differences', () => {
  it('Poisson: ∇ = 1 − b/(x + ε)', () => {
    const x = randomArray(pixels * 3, 21, 0.1, 2);
    const b = randomArray(pixels * 3, 22, 0, 3);
    const f = (v: Float32Array) => chemCost('poisson', v, b, 0.01);
    expectClose(chemGradient('poisson', x, b, 0.01), finiteDifference(f, x, 1e-3), 2e-3);
  });
  it('least squares: ∇ = x − b', () => {
    const x = randomArray(pixels * 3, 23, 0, 2);
    const b = randomArray(pixels * 3, 24, 0, 2);
    const f = (v: Float32Array) => chemCost('lsq', v, b, 0.01);
    expectClose(chemGradient('lsq', x, b, 0.01), finiteDifference(f, x, 1e-3), 2e-3);
  });
  it('Poisson gradient vanishes where x = b (the unpenalised optimum)', () => {
    const b = randomArray(pixels, 25, 0.5, 4);
    const g = chemGradient('poisson', b.map((v) => v - 0.01), b, 0.01);
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-6);
  });
});

describe('Z-weighting', () => {
  it('paper: a_i ∝ Z_i^γ with mean 1', () => {
    const a = elementWeights(elements, 'paper', 1.7);
    expect(a.reduce((s, v) => s + v, 0) / 3).toBeCloseTo(1, 12);
    expect(a[0]! / a[2]!).toBeCloseTo(Math.pow(27 / 8, 1.7), 10);
  });
  it('tutorial: a_i = Z_i / mean(Z) (the reference uses 27/20 = 1.35 for Co in Co,Mn,O)', () => {
    expect(Array.from(elementWeights(elements, 'tutorial', 1.6))).toEqual([27 / 20, 25 / 20, 8 / 20]);
  });
  it('none and custom', () => {
    expect(Array.from(elementWeights(elements, 'none', 1.6))).toEqual([1, 1, 1]);
    expect(Array.from(elementWeights(elements, [3, 2, 1], 1.6))).toEqual([3, 2, 1]);
    expect(() => elementWeights(elements, [1, 2], 1.6)).toThrow(/2 custom weights given for 3 elements/);
  });
  it('knows every element', () => {
    expect(atomicNumber('H')).toBe(1);
    expect(atomicNumber('Ga')).toBe(31);
    expect(atomicNumber('Og')).toBe(118);
    expect(() => atomicNumber('Xx')).toThrow(/unknown element/);
  });
});
