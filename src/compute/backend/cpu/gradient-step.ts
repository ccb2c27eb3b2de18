// The fused gradient step of one outer iteration (DESIGN.md §1), one pass over a range of pixels:
// x_i ← max(0, x_i − τ·∇_iΨ1 − λ_chem·∇_iΨ2),  ∇_iΨ1 = −γ a_i x_i^(γ−1) (h − Σ_j a_j x_j^γ),
// ∇_iΨ2 = 1 − b_i ⊘ (x_i + ε) (Poisson) or x_i − b_i (least squares), times the per-pixel weight w_i where given.
// Rounding follows the reference (model/haadf-term.ts): model and residual rounded to float32 as they are there.

import { powBy, powMode } from './fast-pow.js';

/** Pixels handled per block: the per-block scratch stays in L1. */
export const GRADIENT_BLOCK = 512;

export interface GradientInputs {
  readonly x: Float32Array;
  /** The same memory as `x`, read as int32 (for the exponent/mantissa of powFloat32). */
  readonly xBits: Int32Array;
  readonly maps: Float32Array;
  /** Per-pixel weights of Ψ2 (KernelProblem.mapWeights), laid out as maps; null: 1. */
  readonly mapWeights: Float32Array | null;
  readonly haadf: Float32Array;
  readonly weights: Float64Array;
  readonly elements: number;
  /** Pixels per element image. */
  readonly pixels: number;
  readonly gamma: number;
  readonly stepHaadf: number;
  readonly lambdaChem: number;
  readonly eps: number;
  readonly poisson: boolean;
}

/** Scratch for gradientStep: x^(γ−1) per element and the residual, one block each. */
export interface GradientScratch {
  readonly powGm1: Float64Array;
  readonly residual: Float64Array;
}

export function gradientScratch(elements: number): GradientScratch {
  return { powGm1: new Float64Array(elements * GRADIENT_BLOCK), residual: new Float64Array(GRADIENT_BLOCK) };
}

/** out_i = max(0, x_i − τ∇_iΨ1 − λ_chem∇_iΨ2) on pixels [k0, k1) of every element (out may be `x`). */
export function gradientStep(inp: GradientInputs, k0: number, k1: number, scratch: GradientScratch, out: Float32Array): void {
  const { x, xBits, maps, mapWeights, haadf, weights, elements, pixels, gamma, stepHaadf, lambdaChem, eps, poisson } = inp;
  const { powGm1, residual } = scratch;
  const g = gamma - 1;
  const mode = powMode(g);
  for (let c = k0; c < k1; c += GRADIENT_BLOCK) {
    const len = Math.min(GRADIENT_BLOCK, k1 - c);
    // m = Σ_i a_i x_i^γ, accumulated in float32 like the reference's forwardModel
    residual.fill(0, 0, len);
    for (let i = 0; i < elements; i++) {
      const a = weights[i]!;
      const o = i * pixels + c;
      const so = i * GRADIENT_BLOCK;
      for (let j = 0; j < len; j++) {
        const xv = x[o + j]!;
        const pg = powBy(xv, xBits[o + j]!, g, mode);
        powGm1[so + j] = pg;
        residual[j] = Math.fround(residual[j]! + a * (xv * pg));
      }
    }
    // r = h − m (float32)
    for (let j = 0; j < len; j++) residual[j] = Math.fround(haadf[c + j]! - residual[j]!);
    for (let i = 0; i < elements; i++) {
      const ga = -gamma * weights[i]!;
      const o = i * pixels + c;
      const so = i * GRADIENT_BLOCK;
      if (mapWeights) { // weighted: w·ψ′ (a loop of its own, so the unweighted ones stay as they were)
        for (let j = 0; j < len; j++) {
          const xv = x[o + j]!;
          const g1 = Math.fround(ga * powGm1[so + j]! * residual[j]!);
          const d = poisson ? 1 - maps[o + j]! / (xv + eps) : xv - maps[o + j]!;
          const g2 = Math.fround(mapWeights[o + j]! * Math.fround(d));
          const v = xv - stepHaadf * g1 - lambdaChem * g2;
          out[o + j] = v > 0 ? v : 0;
        }
      } else if (poisson) {
        for (let j = 0; j < len; j++) {
          const xv = x[o + j]!;
          const g1 = Math.fround(ga * powGm1[so + j]! * residual[j]!);
          const g2 = Math.fround(1 - maps[o + j]! / (xv + eps));
          const v = xv - stepHaadf * g1 - lambdaChem * g2;
          out[o + j] = v > 0 ? v : 0;
        }
      } else {
        for (let j = 0; j < len; j++) {
          const xv = x[o + j]!;
          const g1 = Math.fround(ga * powGm1[so + j]! * residual[j]!);
          const g2 = Math.fround(xv - maps[o + j]!);
          const v = xv - stepHaadf * g1 - lambdaChem * g2;
          out[o + j] = v > 0 ? v : 0;
        }
      }
    }
  }
}
