// TV proximal operator by FGP: Beck & Teboulle (2009), "Fast gradient-based algorithms for constrained
// total variation image denoising and deblurring problems", IEEE TIP 18(11), Algorithm FGP (§4.2, eq. 4.11).
// Solves  argmin_{x ≥ 0} ½‖x − b‖² + λ TV(x)  (isotropic TV, Neumann boundaries) through its dual in (p, q).
// This is the readable reference; backend/cpu has the fused, allocation-free kernel that must match it.

import { differences, negativeDivergence } from './difference.js';

/** Projection onto C = [0, ∞) (`nonNegative`) or the identity. */
function projectC(v: number, nonNegative: boolean): number {
  return nonNegative && v < 0 ? 0 : v;
}

/** P_P: project each (p, q) pair onto the unit disc (isotropic). */
function projectUnitDisc(p: Float32Array, q: Float32Array): void {
  for (let k = 0; k < p.length; k++) {
    const norm = Math.sqrt(p[k]! * p[k]! + q[k]! * q[k]!);
    if (norm > 1) {
      p[k] = p[k]! / norm;
      q[k] = q[k]! / norm;
    }
  }
}

/** z = P_C(b − λ L(p, q)) */
function primalFromDual(b: ArrayLike<number>, p: Float32Array, q: Float32Array, lambda: number, width: number, height: number, nonNegative: boolean, z: Float32Array): void {
  negativeDivergence(p, q, width, height, z);
  for (let k = 0; k < z.length; k++) z[k] = projectC(b[k]! - lambda * z[k]!, nonNegative);
}

export interface FgpResult {
  x: Float32Array;
  /** The final dual pair (p, q), for optimality checks. */
  p: Float32Array;
  q: Float32Array;
}

/** prox_{λ TV + ι_C}(b) by `iterations` steps of FGP. λ = 0 returns P_C(b). */
export function fgpProx(b: ArrayLike<number>, width: number, height: number, lambda: number, iterations: number, nonNegative = true): FgpResult {
  const n = width * height;
  const p = new Float32Array(n), q = new Float32Array(n);
  const x = new Float32Array(n);
  if (lambda <= 0 || iterations <= 0) {
    for (let k = 0; k < n; k++) x[k] = projectC(b[k]!, nonNegative);
    return { x, p, q };
  }
  const r = new Float32Array(n), s = new Float32Array(n); // the momentum point (r, s)
  const pOld = new Float32Array(n), qOld = new Float32Array(n);
  const dp = new Float32Array(n), dq = new Float32Array(n);
  const z = new Float32Array(n);
  let t = 1;
  for (let k = 0; k < iterations; k++) {
    primalFromDual(b, r, s, lambda, width, height, nonNegative, z); // z = P_C(b − λ L(r, s))
    differences(z, width, height, dp, dq); // Lᵀ z
    for (let j = 0; j < n; j++) {
      p[j] = r[j]! + dp[j]! / (8 * lambda); // (p, q) = P_P[(r, s) + 1/(8λ) Lᵀ z]
      q[j] = s[j]! + dq[j]! / (8 * lambda);
    }
    projectUnitDisc(p, q);
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2; // t_{k+1} = (1 + √(1 + 4t_k²)) / 2
    const momentum = (t - 1) / tNext;
    for (let j = 0; j < n; j++) {
      r[j] = p[j]! + momentum * (p[j]! - pOld[j]!); // (r, s) = (p, q) + (t_k − 1)/t_{k+1} · (p_k − p_{k−1})
      s[j] = q[j]! + momentum * (q[j]! - qOld[j]!);
    }
    pOld.set(p);
    qOld.set(q);
    t = tNext;
  }
  primalFromDual(b, p, q, lambda, width, height, nonNegative, x); // x* = P_C(b − λ L(p_N, q_N))
  return { x, p, q };
}
