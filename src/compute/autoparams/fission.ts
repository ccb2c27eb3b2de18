// Gaussian data fission (Leiner, Duan, Wasserman & Ramdas, JASA 2023) for maps that are not counts: from b = μ + ε,
// ε ~ N(0, σ²), and an added z ~ N(0, σ²), the halves b₁ = b + τz and b₂ = b − z/τ are independent (Cov = σ² − σ² = 0),
// both unbiased for μ, with variances (1 + τ²)σ² and (1 + 1/τ²)σ² — two independent acquisitions from one, as
// Poisson thinning gives for counts. σ² per pixel comes from the map's own noise model, var = gain·level + floor.

import { estimateMapNoise } from '../model/data-terms/noise.js';
import { smoothVariance } from '../model/data-terms/variance-weights.js';
import type { Rng } from '../simulate/random.js';

/** One map split into two independent halves, with the per-pixel variance of the second (for its unbiased risk). */
export interface FissionHalves {
  first: Float32Array[];
  second: Float32Array[];
  /** Per map, Σ_k Var(b₂[k]) = (1 + 1/τ²) Σ_k σ²_k. */
  secondVariance: number[];
}

/** The local level of the map at pixel p: the mean of p and its in-image 4-neighbours. */
function localLevel(map: Float32Array, width: number, height: number, x: number, y: number): number {
  const p = y * width + x;
  let s = map[p]!, n = 1;
  if (x > 0) { s += map[p - 1]!; n++; }
  if (x < width - 1) { s += map[p + 1]!; n++; }
  if (y > 0) { s += map[p - width]!; n++; }
  if (y < height - 1) { s += map[p + width]!; n++; }
  return s / n;
}

/** Per-pixel noise variance of a map from its own noise model: σ²_k = gain·max(level_k, 0) + floor. */
export function pixelVariance(map: Float32Array, width: number, height: number): Float32Array {
  const { gain, floor } = estimateMapNoise(map, width, height);
  const v = new Float32Array(map.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    v[y * width + x] = gain * Math.max(localLevel(map, width, height, x, y), 0) + floor;
  }
  return v;
}

/**
 * Split every map into b₁ = b + τz and b₂ = b − z/τ, z ~ N(0, σ²_k) per pixel (τ = 1: two halves of equal noise 2σ²).
 * σ²_k: the maps' own per-pixel variances where given (a spectrum image's maps), else the map's noise model.
 */
export function fissionMaps(maps: readonly Float32Array[], width: number, height: number, rng: Rng, tau = 1, variances?: readonly Float32Array[]): FissionHalves {
  const first: Float32Array[] = [], second: Float32Array[] = [], secondVariance: number[] = [];
  for (const [i, m] of maps.entries()) {
    const given = variances?.[i];
    const variance = given ? smoothVariance(given, width, height) : pixelVariance(m, width, height);
    const a = new Float32Array(m.length), b = new Float32Array(m.length);
    let total = 0;
    for (let k = 0; k < m.length; k++) {
      const z = Math.sqrt(variance[k]!) * rng.normal();
      a[k] = m[k]! + tau * z;
      b[k] = m[k]! - z / tau;
      total += variance[k]!;
    }
    first.push(a);
    second.push(b);
    secondVariance.push((1 + 1 / (tau * tau)) * total);
  }
  return { first, second, secondVariance };
}
