// The three cost terms of DESIGN.md §1 summed over a band of rows, for one thread's share:
// Ψ1 = ½ Σ (h − Σ_i a_i x_i^γ)², Ψ2 = Σ x − b log(x + ε) (Poisson) or ½ Σ (x − b)² (times w per pixel where given), TV = Σ_i Σ √(Δy² + Δx²) (Neumann).

import { powBy, powMode } from './fast-pow.js';
import type { GradientInputs } from './gradient-step.js';

export interface CostSums {
  haadf: number;
  chem: number;
  tv: number;
}

/** sums += (½Σ(h − Σ_i a_i x_i^γ)², Ψ2, Σ_i TV(x_i)) over rows [y0, y1) (x^γ by the gradient step's power). */
export function costRows(inp: GradientInputs, width: number, height: number, y0: number, y1: number, sums: CostSums): void {
  const { x, xBits, maps, mapWeights, haadf, weights, elements, pixels, gamma, eps, poisson } = inp;
  const k0 = y0 * width;
  const k1 = y1 * width;
  const g = gamma - 1;
  const mode = powMode(g);
  let psi1 = 0;
  for (let k = k0; k < k1; k++) {
    let m = 0; // m = Σ a_i x_i^γ in float32, as model/forward.ts
    for (let i = 0; i < elements; i++) {
      const o = i * pixels + k;
      const xv = x[o]!;
      const xg = xv * powBy(xv, xBits[o]!, g, mode);
      m = Math.fround(m + weights[i]! * xg);
    }
    const r = Math.fround(haadf[k]! - m);
    psi1 += r * r;
  }
  let psi2 = 0;
  let tv = 0;
  for (let i = 0; i < elements; i++) {
    const o = i * pixels;
    if (mapWeights) { // Σ w·ψ, with the ½ of least squares applied below
      if (poisson) for (let k = o + k0; k < o + k1; k++) psi2 += mapWeights[k]! * (x[k]! - maps[k]! * Math.log(x[k]! + eps));
      else for (let k = o + k0; k < o + k1; k++) psi2 += mapWeights[k]! * (x[k]! - maps[k]!) ** 2;
    } else if (poisson) {
      for (let k = o + k0; k < o + k1; k++) psi2 += x[k]! - maps[k]! * Math.log(x[k]! + eps);
    } else {
      for (let k = o + k0; k < o + k1; k++) psi2 += (x[k]! - maps[k]!) ** 2;
    }
    for (let y = y0; y < y1; y++) {
      const row = o + y * width;
      const down = y < height - 1 ? width : 0; // a difference past the edge is 0
      for (let xx = 0; xx < width; xx++) {
        const k = row + xx;
        const dy = x[k]! - x[k + down]!;
        const dx = xx < width - 1 ? x[k]! - x[k + 1]! : 0;
        tv += Math.sqrt(dy * dy + dx * dx);
      }
    }
  }
  sums.haadf += 0.5 * psi1;
  sums.chem += poisson ? psi2 : 0.5 * psi2;
  sums.tv += tv;
}
