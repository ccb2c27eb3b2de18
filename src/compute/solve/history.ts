// The per-iteration record of a fusion: the three cost terms and how much the iterate moved.

import type { CostTerms } from '../backend/types.js';

export interface IterationRecord extends CostTerms {
  /** 1-based iteration at this resolution level. */
  iteration: number;
  /** 'coarse' for the half-resolution start of a coarse-to-fine run, else 'full'. */
  level: 'coarse' | 'full';
  /**
   * The objective the proximal-gradient iteration descends:
   * F = step·Ψ1 + λ_chem·Ψ2 + λ_TV·TV (the reference's λ's weight each term's step).
   */
  total: number;
  /** Fraction of the set step this iteration used (< 1 after backtracking). */
  stepScale: number;
  /** ‖x_k − x_{k−1}‖ / ‖x_k‖ */
  change: number;
  /**
   * ‖x_k − y_{k−1}‖ / (stepScale ‖x_k‖), y_{k−1} the point the step started from (x_{k−1} for the plain loop, the
   * extrapolated point for FISTA): the proximal-gradient residual per unit step, 0 exactly at a solution. The solver stops when it falls below
   * the tolerance. Absent in histories written before it existed.
   */
  residual?: number;
  /** FISTA's momentum was restarted at this iteration (function-value or gradient test). */
  restarted?: boolean;
  /** Wall time since the start of the fusion, ms. */
  elapsedMs: number;
}

/** F = step·Ψ1 + λ_chem·Ψ2 + λ_TV·TV */
export function totalCost(c: CostTerms, stepHaadf: number, lambdaChem: number, lambdaTV: number): number {
  return stepHaadf * c.haadf + lambdaChem * c.chem + lambdaTV * c.tv;
}

/** ‖a − b‖ / ‖a‖ over two equally long arrays. */
export function relativeChange(current: Float32Array, previous: Float32Array): number {
  let d = 0, s = 0;
  for (let k = 0; k < current.length; k++) {
    const c = current[k]!, e = c - previous[k]!;
    d += e * e;
    s += c * c;
  }
  return s > 0 ? Math.sqrt(d / s) : Math.sqrt(d);
}
