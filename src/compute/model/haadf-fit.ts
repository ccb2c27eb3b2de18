// The HAADF's scale and smooth background (DESIGN.md §1: b_H ≈ s Σ_i (Z_i x_i)^γ + smooth background), by linear
// least squares on a design matrix: feature columns (the model Σ a_i x_i^γ, or one column y_i^γ per element for
// k-ratios) plus background columns (offset; offset + linear ramp in x and y; + the three quadratic terms).

import { wasmRefitSums } from '../backend/cpu/wasm-refit.js';
import { forwardModel } from './forward.js';

/** The smooth background fitted with the scale: a constant, a plane, or a quadratic surface. */
export type HaadfBackground = 'offset' | 'ramp' | 'quadratic';

export const HAADF_BACKGROUNDS: readonly HaadfBackground[] = ['offset', 'ramp', 'quadratic'];

export interface HaadfFit {
  /** One coefficient per feature column (s for the single model column). */
  scales: number[];
  /** One coefficient per background column: [offset, x, y, x², xy, y²] as far as the background goes (x, y ∈ [−1, 1]). */
  background: number[];
  /** The fitted background per pixel (computed on first access). */
  readonly backgroundImage: Float32Array;
}

/** The background columns at pixel (x, y), coordinates scaled to [−1, 1]. */
function backgroundColumns(kind: HaadfBackground, x: number, y: number, width: number, height: number, out: Float64Array): number {
  const u = width > 1 ? (2 * x) / (width - 1) - 1 : 0, v = height > 1 ? (2 * y) / (height - 1) - 1 : 0;
  out[0] = 1;
  if (kind === 'offset') return 1;
  out[1] = u; out[2] = v;
  if (kind === 'ramp') return 3;
  out[3] = u * u; out[4] = u * v; out[5] = v * v;
  return 6;
}

/** Solves the symmetric system A z = r (A is k × k, row-major) by Gaussian elimination with partial pivoting; null if singular. */
export function solveSymmetric(A: Float64Array, r: Float64Array, k: number): Float64Array | null {
  const M = Float64Array.from(A), z = Float64Array.from(r);
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, Math.abs(M[i * k + i]!));
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let i = c + 1; i < k; i++) if (Math.abs(M[i * k + c]!) > Math.abs(M[p * k + c]!)) p = i;
    if (!(Math.abs(M[p * k + c]!) > 1e-13 * scale)) return null;
    if (p !== c) {
      for (let j = 0; j < k; j++) { const t = M[c * k + j]!; M[c * k + j] = M[p * k + j]!; M[p * k + j] = t; }
      const t = z[c]!; z[c] = z[p]!; z[p] = t;
    }
    for (let i = c + 1; i < k; i++) {
      const f = M[i * k + c]! / M[c * k + c]!;
      for (let j = c; j < k; j++) M[i * k + j]! -= f * M[c * k + j]!;
      z[i]! -= f * z[c]!;
    }
  }
  for (let c = k - 1; c >= 0; c--) {
    let s = z[c]!;
    for (let j = c + 1; j < k; j++) s -= M[c * k + j]! * z[j]!;
    z[c] = s / M[c * k + c]!;
  }
  return z;
}

/**
 * Least squares haadf ≈ Σ_j scales_j · features_j + background(x, y) over all pixels; null when the system is singular
 * (e.g. a feature column that is constant, which the offset already explains).
 */
export function fitHaadf(haadf: ArrayLike<number>, features: readonly ArrayLike<number>[], width: number, height: number, background: HaadfBackground = 'offset'): HaadfFit | null {
  const nf = features.length;
  const cols = new Float64Array(6);
  const nb = backgroundColumns(background, 0, 0, width, height, cols);
  const k = nf + nb;
  const A = new Float64Array(k * k), r = new Float64Array(k), row = new Float64Array(k);
  const { us, vs } = coordinates(width, height);
  const mean = meanOf(haadf, width * height);
  if (nf === 1 && nb === 1) { // the fusion's refit: one model column and an offset, the same sums without the row array
    const f = features[0]!;
    let a00 = 0, a01 = 0, a11 = 0, r0 = 0, r1 = 0;
    for (let p = 0; p < width * height; p++) {
      const fp = f[p]!, t = haadf[p]! - mean;
      r0 += fp * t; a00 += fp * fp; a01 += fp;
      r1 += t; a11 += 1;
    }
    systemOfSums([r0, a00, a01, r1, a11], A, r);
  } else if (nf === 1 && nb === 3) { // the refit with a ramp: columns f, 1, u, v; each sum the generic loop's, in its order
    const f = features[0]!;
    let r0 = 0, r1 = 0, r2 = 0, r3 = 0, a00 = 0, a01 = 0, a02 = 0, a03 = 0, a11 = 0, a12 = 0, a13 = 0, a22 = 0, a23 = 0, a33 = 0;
    for (let y = 0; y < height; y++) {
      const v = vs[y]!;
      for (let x = 0, p = y * width; x < width; x++, p++) {
        const fp = f[p]!, u = us[x]!, t = haadf[p]! - mean;
        r0 += fp * t; a00 += fp * fp; a01 += fp; a02 += fp * u; a03 += fp * v;
        r1 += t; a11 += 1; a12 += u; a13 += v;
        r2 += u * t; a22 += u * u; a23 += u * v;
        r3 += v * t; a33 += v * v;
      }
    }
    systemOfSums([r0, a00, a01, a02, a03, r1, a11, a12, a13, r2, a22, a23, r3, a33], A, r);
  } else for (let y = 0; y < height; y++) {
    const v = vs[y]!;
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      for (let j = 0; j < nf; j++) row[j] = features[j]![p]!;
      row[nf] = 1;
      if (nb > 1) {
        const u = us[x]!;
        row[nf + 1] = u; row[nf + 2] = v;
        if (nb > 3) { row[nf + 3] = u * u; row[nf + 4] = u * v; row[nf + 5] = v * v; }
      }
      const t = haadf[p]! - mean;
      for (let i = 0; i < k; i++) {
        const ri = row[i]!;
        r[i]! += ri * t;
        for (let j = i; j < k; j++) A[i * k + j]! += ri * row[j]!;
      }
    }
  }
  return solvedFit(A, r, nf, nb, mean, us, vs);
}

/**
 * fitHaadf(haadf, [forwardModel(x, weights, γ)], …, background): the fusion's refit of the HAADF against the iterate x,
 * with the model and the sums in one pass on the WebAssembly kernels where they run (offset and ramp backgrounds;
 * backend/cpu/wasm-refit.ts, the same numbers to the bit), else in TypeScript.
 */
export function fitHaadfToModel(haadf: Float32Array, x: Float32Array, weights: ArrayLike<number>, gamma: number, width: number, height: number, background: HaadfBackground): HaadfFit | null {
  if (background !== 'quadratic') {
    const mean = meanOf(haadf, width * height);
    const sums = wasmRefitSums(x, haadf, weights, gamma, width, height, mean, background === 'ramp');
    if (sums) {
      const k = background === 'ramp' ? 4 : 2;
      const A = new Float64Array(k * k), r = new Float64Array(k);
      systemOfSums(sums, A, r);
      const { us, vs } = coordinates(width, height);
      return solvedFit(A, r, 1, k - 1, mean, us, vs);
    }
  }
  return fitHaadf(haadf, [forwardModel(x, weights, gamma, width * height)], width, height, background);
}

/** The coordinates u(x), v(y) ∈ [−1, 1] of backgroundColumns, once per column and row. */
function coordinates(width: number, height: number): { us: Float64Array; vs: Float64Array } {
  const us = new Float64Array(width), vs = new Float64Array(height);
  for (let x = 0; x < width; x++) us[x] = width > 1 ? (2 * x) / (width - 1) - 1 : 0;
  for (let y = 0; y < height; y++) vs[y] = height > 1 ? (2 * y) / (height - 1) - 1 : 0;
  return { us, vs };
}

/** The mean of the target (the fit centres it so the normal equations stay well conditioned for HAADF values ~1e7). */
function meanOf(haadf: ArrayLike<number>, n: number): number {
  let mean = 0;
  for (let p = 0; p < n; p++) mean += haadf[p]!;
  return mean / n;
}

/**
 * The upper triangle of A and r of the one-model-column fits from their sums: (r0, a00, a01, r1, a11) with an offset,
 * (r0, a00, a01, a02, a03, r1, a11, a12, a13, r2, a22, a23, r3, a33) with a ramp (backend/cpu/wasm/refit.as's order).
 */
function systemOfSums(s: ArrayLike<number>, A: Float64Array, r: Float64Array): void {
  if (s.length === 5) {
    A[0] = s[1]!; A[1] = s[2]!; A[3] = s[4]!; r[0] = s[0]!; r[1] = s[3]!;
    return;
  }
  A.set([s[1]!, s[2]!, s[3]!, s[4]!, 0, s[6]!, s[7]!, s[8]!, 0, 0, s[10]!, s[11]!, 0, 0, 0, s[13]!]);
  r.set([s[0]!, s[5]!, s[9]!, s[12]!]);
}

/** The fit from the upper triangle of A and r (k = nf + nb), the offset carrying the mean back; null when singular. */
function solvedFit(A: Float64Array, r: Float64Array, nf: number, nb: number, mean: number, us: Float64Array, vs: Float64Array): HaadfFit | null {
  const k = nf + nb;
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) A[i * k + j] = A[j * k + i]!;
  // a background column that is zero at every pixel (v on a one-row line scan, u on a one-column one; their products)
  // has a zero row and column in A: its coefficient is 0, not a singular system
  for (let i = nf + 1; i < k; i++) if (A[i * k + i] === 0) { A[i * k + i] = 1; r[i] = 0; }
  const z = solveSymmetric(A, r, k);
  if (!z) return null;
  const coefficients = Array.from(z);
  coefficients[nf]! += mean; // the offset column carries the mean back
  const c = coefficients.slice(nf);
  let image: Float32Array | undefined;
  return {
    scales: coefficients.slice(0, nf), background: c,
    get backgroundImage() { return (image ??= backgroundImageOf(c, nb, us, vs)); }, // made when asked (the fusion's offset refit does not)
  };
}

/** Σ_j c_j · column_j(x, y) per pixel, in the order of backgroundColumns. */
function backgroundImageOf(c: number[], nb: number, us: Float64Array, vs: Float64Array): Float32Array {
  const width = us.length, height = vs.length;
  const backgroundImage = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const v = vs[y]!;
    for (let x = 0; x < width; x++) {
      const u = us[x]!;
      let b = c[0]! * 1;
      if (nb > 1) {
        b += c[1]! * u; b += c[2]! * v;
        if (nb > 3) { b += c[3]! * (u * u); b += c[4]! * (u * v); b += c[5]! * (v * v); }
      }
      backgroundImage[y * width + x] = b;
    }
  }
  return backgroundImage;
}
