// The k-ratios' covariance from the instrumental-variables fit's estimating equations, robust to heteroscedastic and
// spatially correlated noise (a HAC sandwich: Newey & West 1987, Conley 1999 for a spatial lattice).
//
// The fit solves Σ_p z_p (t_p − x_pᵀ β) = 0 (A β = r, A = Σ z xᵀ). Its error is β̂ − β ≈ A⁻¹ Σ_p s_p with scores
// s_p = z_p (t_p − x_pᵀ β), so Var β̂ ≈ A⁻¹ Ω A⁻ᵀ, Ω = Σ_p Σ_q Cov(s_p, s_q). The scores are correlated only over a few
// pixels (the pilot's blur and the pooling window, both designs of the swapped halves at the same pixel), so with S_t
// the scores summed over a small tile t (= r_t − A_t β̂ from the tile's own normal equations),
//   Ω̂ = Σ_t Σ_u K(t − u) S_t S_uᵀ,   K = (1 − |Δx|/(L+1))·(1 − |Δy|/(L+1)) for |Δx|, |Δy| ≤ L tiles (Bartlett: Ω̂ ⪰ 0).
// This uses every tile (thousands) where a delete-one-block jackknife over 16 blocks used 16 numbers: with a few
// particles in the field most blocks held none, and the jackknife's error was itself off by a factor 2–7 from draw to draw.

import { solveLinear } from './least-squares.js';

/** Per-tile normal equations: tile t's A_t (m × m, row-major) then r_t (m), (m² + m) float64 each, tiles row-major. */
export interface TileSystems {
  m: number;
  sums: Float64Array;
  tilesX: number;
  tilesY: number;
}

/** Ω̂ = Σ_t Σ_u K(t − u) S_t S_uᵀ (m × m, row-major) with S_t = r_t − A_t β and a Bartlett kernel of `lag` tiles. */
export function scoreCovariance(s: TileSystems, beta: ArrayLike<number>, lag: number): Float64Array {
  const { m, sums, tilesX, tilesY } = s;
  const size = m * m + m, tiles = tilesX * tilesY;
  const scores = new Float64Array(tiles * m);
  for (let t = 0; t < tiles; t++) {
    const o = t * size;
    for (let j = 0; j < m; j++) {
      let v = sums[o + m * m + j]!;
      for (let k = 0; k < m; k++) v -= sums[o + j * m + k]! * beta[k]!;
      scores[t * m + j] = v;
    }
  }
  const omega = new Float64Array(m * m);
  const w1 = (d: number) => 1 - Math.abs(d) / (lag + 1);
  for (let ty = 0; ty < tilesY; ty++) {
    for (let tx = 0; tx < tilesX; tx++) {
      const t = ty * tilesX + tx;
      for (let dy = -lag; dy <= lag; dy++) {
        const uy = ty + dy;
        if (uy < 0 || uy >= tilesY) continue;
        for (let dx = -lag; dx <= lag; dx++) {
          const ux = tx + dx;
          if (ux < 0 || ux >= tilesX) continue;
          const u = uy * tilesX + ux, w = w1(dx) * w1(dy);
          for (let i = 0; i < m; i++) {
            const si = w * scores[t * m + i]!;
            for (let j = 0; j < m; j++) omega[i * m + j]! += si * scores[u * m + j]!;
          }
        }
      }
    }
  }
  return omega;
}

/** A⁻¹ Ω A⁻ᵀ (m × m); null when A is singular. */
export function sandwich(A: Float64Array, omega: Float64Array, m: number): Float64Array | null {
  const left = new Float64Array(m * m); // A⁻¹ Ω, column by column
  for (let c = 0; c < m; c++) {
    const x = solveLinear(A, Float64Array.from({ length: m }, (_, i) => omega[i * m + c]!), m);
    if (!x) return null;
    for (let i = 0; i < m; i++) left[i * m + c] = x[i]!;
  }
  const out = new Float64Array(m * m); // (A⁻¹ (A⁻¹ Ω)ᵀ)ᵀ
  for (let c = 0; c < m; c++) {
    const x = solveLinear(A, Float64Array.from({ length: m }, (_, i) => left[c * m + i]!), m);
    if (!x) return null;
    for (let i = 0; i < m; i++) out[c * m + i] = x[i]!;
  }
  return out;
}

/**
 * Covariance of log(k_i/k_ref) (ne × ne, row-major) from the weights' covariance V (its first ne × ne block, stride m):
 * log k_i = (log w_ref − log w_i)/γ + const, so ∂/∂w = (e_ref/w_ref − e_i/w_i)/γ. Zero row and column for the reference.
 */
export function logRatioCovariance(w: ArrayLike<number>, V: Float64Array, m: number, ne: number, gamma: number, ref: number): Float64Array {
  const g = (i: number, k: number) => (i === ref ? 0 : ((k === ref ? 1 / w[ref]! : 0) - (k === i ? 1 / w[i]! : 0)) / gamma);
  const out = new Float64Array(ne * ne);
  for (let i = 0; i < ne; i++) {
    for (let j = 0; j < ne; j++) {
      let c = 0;
      for (let k = 0; k < ne; k++) for (let l = 0; l < ne; l++) c += g(i, k) * V[k * m + l]! * g(j, l);
      out[i * ne + j] = c;
    }
  }
  return out;
}
