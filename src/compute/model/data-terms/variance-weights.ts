// Per-pixel weights of the least-squares data term from per-pixel noise variances σ²_p (a spectrum image's maps carry
// them: EELS net counts = window counts + background-fit variance, issue 11). The Gaussian negative log-likelihood
//   Σ_p (x_p − b_p)² / (2σ²_p) = (1/σ̄²) Σ_p w_p · ½(x_p − b_p)²,   w_p = σ̄² / σ²_p,   σ̄² = mean_p σ²_p,
// so the map's information per working unit stays κ = c²/σ̄² (lsq.ts, lambda.ts) and the kernels weigh ψ by w_p.

import { boxBlur } from '../../util/blur.js';

/** Radius of the box blur that smooths given variances before they weigh pixels (see smoothVariance). */
export const VARIANCE_SMOOTHING_RADIUS = 3;

/**
 * The variance the weights and the data fission use: the given σ²_p box-blurred. A measured σ²_p holds the pixel's own
 * counts (EELS: the signal window's), so weights 1/σ²_p would favour the pixel's downward fluctuations (the bias of
 * Neyman's χ²); the local mean keeps the field's variation (thickness, composition) without the pixel's own noise.
 */
export function smoothVariance(variance: Float32Array, width: number, height: number): Float32Array {
  return boxBlur(variance, width, height, VARIANCE_SMOOTHING_RADIUS);
}

/** σ²_p is floored at this fraction of σ̄²: a pixel whose variance is (near) 0 gets at most 1/floor times the mean weight. */
export const MIN_RELATIVE_VARIANCE = 1e-2;

/** The mean variance σ̄² of a map (map units²), its floored per-pixel values ignored. */
export function meanVariance(variance: Float32Array): number {
  let s = 0;
  for (let k = 0; k < variance.length; k++) s += Math.max(variance[k]!, 0);
  return s / Math.max(1, variance.length);
}

/** w_p = σ̄²/max(σ²_p, floor·σ̄²), written into `out` at `offset` (the kernels' stacked layout); all 1 when σ̄² = 0. */
export function varianceWeights(variance: Float32Array, out = new Float32Array(variance.length), offset = 0): Float32Array {
  const mean = meanVariance(variance);
  const floor = MIN_RELATIVE_VARIANCE * mean;
  for (let k = 0; k < variance.length; k++) out[offset + k] = mean > 0 ? mean / Math.max(variance[k]!, floor) : 1;
  return out;
}

/** Problems with given variances for `maps` (one per map, same length, finite, ≥ 0, not all 0), as sentences; empty when fine. */
export function varianceProblems(variances: readonly Float32Array[], maps: readonly Float32Array[]): { index: number; problem: string }[] {
  const problems: { index: number; problem: string }[] = [];
  if (variances.length !== maps.length) return [{ index: -1, problem: `${variances.length} variance maps for ${maps.length} elemental maps` }];
  variances.forEach((v, i) => {
    if (v.length !== maps[i]!.length) { problems.push({ index: i, problem: `variance map has ${v.length} pixels but the map has ${maps[i]!.length}: shapes differ` }); return; }
    let bad = 0, negative = 0, positive = 0;
    for (let k = 0; k < v.length; k++) {
      const s = v[k]!;
      if (s - s !== 0) bad++;
      else if (s < 0) negative++;
      else if (s > 0) positive++;
    }
    if (bad > 0) problems.push({ index: i, problem: `variance map contains ${bad} NaN or infinite values` });
    else if (negative > 0) problems.push({ index: i, problem: `variance map has ${negative} negative values: a variance is ≥ 0` });
    else if (positive === 0) problems.push({ index: i, problem: 'variance map is all zero: no noise level to weigh the map by' });
  });
  return problems;
}
