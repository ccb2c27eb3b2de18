// Ψ2, the elemental-map data term (DESIGN.md §1), summed over elements and pixels.

import type { DataTerm } from '../backend/types.js';

/** Poisson negative log-likelihood: Ψ2 = Σ x − b log(x + ε) */
export function poissonCost(x: Float32Array, maps: Float32Array, eps: number): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! - maps[k]! * Math.log(x[k]! + eps);
  return s;
}

/** ∇Ψ2 = 1 − b ⊘ (x + ε) */
export function poissonGradient(x: Float32Array, maps: Float32Array, eps: number): Float32Array {
  const g = new Float32Array(x.length);
  for (let k = 0; k < x.length; k++) g[k] = 1 - maps[k]! / (x[k]! + eps);
  return g;
}

/** Least squares, for high counts / EELS: Ψ2 = ½‖x − b‖² */
export function leastSquaresCost(x: Float32Array, maps: Float32Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += (x[k]! - maps[k]!) ** 2;
  return 0.5 * s;
}

/** ∇Ψ2 = x − b */
export function leastSquaresGradient(x: Float32Array, maps: Float32Array): Float32Array {
  const g = new Float32Array(x.length);
  for (let k = 0; k < x.length; k++) g[k] = x[k]! - maps[k]!;
  return g;
}

/** Ψ2 for the chosen data term; with per-pixel weights w (weighted least squares, variances σ²_p): Σ w·ψ. */
export function chemCost(term: DataTerm, x: Float32Array, maps: Float32Array, eps: number, weights?: Float32Array): number {
  if (!weights) return term === 'poisson' ? poissonCost(x, maps, eps) : leastSquaresCost(x, maps);
  let s = 0;
  for (let k = 0; k < x.length; k++) {
    const psi = term === 'poisson' ? x[k]! - maps[k]! * Math.log(x[k]! + eps) : 0.5 * (x[k]! - maps[k]!) ** 2;
    s += weights[k]! * psi;
  }
  return s;
}

/** ∇Ψ2 for the chosen data term; with per-pixel weights w: w ⊙ ψ′. */
export function chemGradient(term: DataTerm, x: Float32Array, maps: Float32Array, eps: number, weights?: Float32Array): Float32Array {
  const g = term === 'poisson' ? poissonGradient(x, maps, eps) : leastSquaresGradient(x, maps);
  if (weights) for (let k = 0; k < g.length; k++) g[k] = g[k]! * weights[k]!;
  return g;
}
