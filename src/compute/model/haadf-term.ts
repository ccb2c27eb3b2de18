// Ψ1, the HAADF data term (DESIGN.md §1): Ψ1 = ½‖h − Σ_i a_i x_i^γ‖².

import { forwardModel } from './forward.js';

/** r = h − Σ_i a_i x_i^γ, the HAADF residual per pixel. */
export function haadfResidual(x: Float32Array, haadf: Float32Array, weights: ArrayLike<number>, gamma: number): Float32Array {
  const n = haadf.length;
  const r = forwardModel(x, weights, gamma, n);
  for (let p = 0; p < n; p++) r[p] = haadf[p]! - r[p]!;
  return r;
}

/** Ψ1 = ½‖h − Σ a_i x_i^γ‖² */
export function haadfCost(x: Float32Array, haadf: Float32Array, weights: ArrayLike<number>, gamma: number): number {
  const r = haadfResidual(x, haadf, weights, gamma);
  let s = 0;
  for (let p = 0; p < r.length; p++) s += r[p]! * r[p]!;
  return 0.5 * s;
}

/** ∇_i Ψ1 = −γ a_i x_i^(γ−1) ⊙ (h − Σ_j a_j x_j^γ), stacked like x. */
export function haadfGradient(x: Float32Array, haadf: Float32Array, weights: ArrayLike<number>, gamma: number): Float32Array {
  const n = haadf.length;
  const r = haadfResidual(x, haadf, weights, gamma);
  const g = new Float32Array(x.length);
  for (let i = 0; i < weights.length; i++) {
    const a = weights[i]!;
    for (let p = 0; p < n; p++) g[i * n + p] = -gamma * a * Math.pow(x[i * n + p]!, gamma - 1) * r[p]!;
  }
  return g;
}
