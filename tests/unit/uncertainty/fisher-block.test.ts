import { describe, expect, it } from 'vitest';
import { addOuterProduct, addPoissonInformation, haadfJacobian, invertSpd, sandwich } from '../../../src/compute/uncertainty/index.js';
import { estimateHaadfNoise } from '../../../src/compute/uncertainty/index.js';
import { rng } from '../helpers.js';

/** Generic inverse by Gauss–Jordan elimination with partial pivoting (independent of the Cholesky under test). */
function gaussJordan(a: Float64Array, n: number): Float64Array {
  const m = Array.from({ length: n }, (_, i) => [...Array.from(a.slice(i * n, (i + 1) * n)), ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[piv]![col]!)) piv = r;
    [m[col], m[piv]] = [m[piv]!, m[col]!];
    const d = m[col]![col]!;
    for (let j = 0; j < 2 * n; j++) m[col]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[col]![j]!;
    }
  }
  return Float64Array.from(m.flatMap((row) => row.slice(n)));
}

describe('Fisher blocks', () => {
  it('Cholesky inverse of a Fisher-shaped block (diag + J Jᵀ) matches a generic Gauss–Jordan inverse, n_e = 1..8', () => {
    const r = rng(7);
    for (let ne = 1; ne <= 8; ne++) {
      for (let trial = 0; trial < 20; trial++) {
        const F = new Float64Array(ne * ne);
        const x = Float64Array.from({ length: ne }, () => 0.01 + r());
        for (let i = 0; i < ne; i++) addPoissonInformation(F, ne, i, x[i]! * 30, 30, 0.3);
        const jac = haadfJacobian(x, Array.from({ length: ne }, () => 0.5 + r()), 1.7, 200, new Float64Array(ne));
        addOuterProduct(F, ne, jac, 1 / (50 + 500 * r()));
        const inv = new Float64Array(ne * ne);
        expect(invertSpd(F, ne, inv)).toBe(true);
        const ref = gaussJordan(F, ne);
        for (let k = 0; k < ne * ne; k++) expect(inv[k]!).toBeCloseTo(ref[k]!, 10 - Math.max(0, Math.ceil(Math.log10(Math.abs(ref[k]!) + 1e-30))));
        // and F · F⁻¹ = I
        for (let i = 0; i < ne; i++) for (let j = 0; j < ne; j++) {
          let s = 0;
          for (let k = 0; k < ne; k++) s += F[i * ne + k]! * inv[k * ne + j]!;
          expect(s).toBeCloseTo(i === j ? 1 : 0, 9);
        }
      }
    }
  });

  it('a non-positive-definite block is reported, not inverted', () => {
    const out = new Float64Array(4);
    expect(invertSpd(Float64Array.from([1, 2, 2, 1]), 2, out)).toBe(false);
    expect(Number.isNaN(out[0]!)).toBe(true);
  });

  it('one element: Var = 1 / (c²/x_c + J²/σ_H²), the closed form', () => {
    const c = 40, xw = 0.6, a = 1.3, gamma = 1.7, s = 250, varH = 90;
    const F = new Float64Array(1);
    addPoissonInformation(F, 1, 0, xw * c, c, 0);
    const J = s * gamma * a * xw ** (gamma - 1);
    addOuterProduct(F, 1, [J], 1 / varH);
    const inv = new Float64Array(1);
    invertSpd(F, 1, inv);
    expect(inv[0]!).toBeCloseTo(1 / (c * c / (xw * c) + (J * J) / varH), 14);
    // in counts: Var(x_c) = c² Var(x_w) → x_c when the HAADF carries no information
    const F0 = new Float64Array(1);
    addPoissonInformation(F0, 1, 0, xw * c, c, 0);
    invertSpd(F0, 1, inv);
    expect(c * c * inv[0]!).toBeCloseTo(xw * c, 10);
  });

  it('the sandwich A⁻¹BA⁻¹ with B = A is A⁻¹', () => {
    const A = Float64Array.from([4, 1, 1, 3]);
    const inv = new Float64Array(4);
    invertSpd(A, 2, inv);
    const out = sandwich(inv, A, 2, new Float64Array(4));
    for (let k = 0; k < 4; k++) expect(out[k]!).toBeCloseTo(inv[k]!, 12);
  });
});

describe('HAADF noise estimate', () => {
  it('recovers σ² = α·level + β of Poisson + read noise on a piecewise-flat image', () => {
    const W = 96, H = 96, r = rng(3);
    const img = new Float32Array(W * H);
    const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const level = x < W / 3 ? 50 : x < (2 * W) / 3 ? 200 : 600;
      img[y * W + x] = 100 + level + Math.sqrt(level + 25) * normal(); // Poisson-like (α = 1) + read σ = 5 (β = 25), offset 100
    }
    const m = estimateHaadfNoise(img, W, H, 100);
    expect(m.alpha).toBeGreaterThan(0.8);
    expect(m.alpha).toBeLessThan(1.2);
    expect(m.alpha * 200 + m.beta).toBeGreaterThan(0.85 * 225);
    expect(m.alpha * 200 + m.beta).toBeLessThan(1.15 * 225);
  });
});
