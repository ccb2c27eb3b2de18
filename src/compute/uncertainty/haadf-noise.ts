// The HAADF noise variance σ_H², needed to turn Ψ1 into a likelihood (stderr-maps.ts).
//
// Estimated from the HAADF alone, not from the fit's residual (the fit absorbs part of the HAADF noise, by an
// amount that depends on λ_TV). Differences of adjacent pixels have variance σ_H² wherever the signal is locally
// flat (first differences) or linear (second differences); a detector's noise is Poisson + read noise, so
// σ_H² = α·(level − offset) + β is fitted to robust per-level-bin variances (median d² / 0.4549, the median of
// χ²₁; edges are outliers the median ignores). Measured (64² and 256² phantoms, truth known): Ga₂O₃ films within
// 2 %, core–shell 256² within 3 %, core–shell 64² ≈ 2× too high, atomic lattice ≫ (the signal changes more than
// the noise between neighbouring pixels): there σ_H² should be given.

/** σ_H²(level) = alpha · max(0, level) + beta, level the HAADF above its offset. */
export interface HaadfNoiseModel {
  alpha: number;
  beta: number;
  /** How it was obtained, for the report. */
  source: string;
}

const MEDIAN_CHI2_1 = 0.454936;
const BINS = 16;
const MAX_PAIRS = 1 << 20;

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** Robust variance per level bin: (mean level, median d² / median χ²₁) over equal-count bins of `level`. */
function binnedVariances(level: Float64Array, d2: Float64Array): { xs: number[]; ys: number[]; all: number } {
  const count = level.length;
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => level[a]! - level[b]!);
  const xs: number[] = [], ys: number[] = [];
  for (let b = 0; b < BINS; b++) {
    const lo = Math.floor((b * count) / BINS), hi = Math.floor(((b + 1) * count) / BINS);
    if (hi - lo < 8) continue;
    const dd = new Float64Array(hi - lo);
    let ml = 0;
    for (let j = lo; j < hi; j++) { dd[j - lo] = d2[order[j]!]!; ml += level[order[j]!]!; }
    xs.push(ml / (hi - lo));
    ys.push(median(dd) / MEDIAN_CHI2_1);
  }
  return { xs, ys, all: median(d2) / MEDIAN_CHI2_1 };
}

/**
 * Squared normalised differences of order 1 ((H_p − H_q)²/2, exact where the signal is flat) or 2
 * ((H_p − 2H_q + H_r)²/6, exact where it is linear) along rows and columns, with their local level.
 */
function differences(haadf: Float32Array, width: number, height: number, offset: number, order: 1 | 2): { level: Float64Array; d2: Float64Array } {
  const all = Math.max(0, (width - order) * height) + Math.max(0, width * (height - order));
  const stride = Math.max(1, Math.ceil(all / MAX_PAIRS)); // large images: every stride-th tuple is plenty
  const count = Math.floor((all + stride - 1) / stride);
  const level = new Float64Array(count), d2 = new Float64Array(count);
  let k = 0, seen = 0;
  const add = (p: number, step: number) => {
    if (seen++ % stride !== 0) return;
    if (order === 1) {
      const d = haadf[p]! - haadf[p + step]!;
      d2[k] = (d * d) / 2;
      level[k++] = (haadf[p]! + haadf[p + step]!) / 2 - offset;
    } else {
      const d = haadf[p]! - 2 * haadf[p + step]! + haadf[p + 2 * step]!;
      d2[k] = (d * d) / 6;
      level[k++] = (haadf[p]! + haadf[p + step]! + haadf[p + 2 * step]!) / 3 - offset;
    }
  };
  for (let y = 0; y < height; y++) for (let x = 0; x + order < width; x++) add(y * width + x, 1);
  for (let y = 0; y + order < height; y++) for (let x = 0; x < width; x++) add(y * width + x, width);
  return { level: level.subarray(0, k), d2: d2.subarray(0, k) };
}

/**
 * σ_H² = α·level + β from the HAADF alone (offset subtracted): per level bin, the smaller of the robust
 * variances of first and second differences (structure only ever inflates them), then a line through the bins.
 * Reliable on images with smooth or piecewise-flat structure; on atomic-resolution images, where the signal
 * changes by more than the noise between neighbouring pixels, it overestimates σ_H² (errs conservative).
 */
export function estimateHaadfNoise(haadf: Float32Array, width: number, height: number, offset: number): HaadfNoiseModel {
  if (width < 3 || height < 3) throw new RangeError(`the HAADF noise estimate needs at least 3×3 pixels, got ${width}×${height}`);
  const first = differences(haadf, width, height, offset, 1), second = differences(haadf, width, height, offset, 2);
  const b1 = binnedVariances(first.level, first.d2), b2 = binnedVariances(second.level, second.d2);
  const constant = Math.min(b1.all, b2.all);
  const bins = Math.min(b1.xs.length, b2.xs.length);
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < bins; i++) { xs.push(0.5 * (b1.xs[i]! + b2.xs[i]!)); ys.push(Math.min(b1.ys[i]!, b2.ys[i]!)); }
  const source = 'HAADF neighbour differences (robust, per level)';
  if (xs.length >= 2) {
    const n = xs.length;
    const mx = xs.reduce((s, v) => s + v, 0) / n, my = ys.reduce((s, v) => s + v, 0) / n;
    let sxx = 0, sxy = 0;
    for (let i = 0; i < n; i++) { sxx += (xs[i]! - mx) ** 2; sxy += (xs[i]! - mx) * (ys[i]! - my); }
    const alpha = sxx > 0 ? sxy / sxx : 0;
    const beta = my - alpha * mx;
    if (alpha > 0 && beta >= 0) return { alpha, beta, source: `${source}, σ_H² = α·(HAADF − offset) + β (Poisson + read noise)` };
    if (alpha > 0 && beta < 0) {
      let sxy0 = 0, sxx0 = 0; // pure Poisson through the origin: α = Σ x y / Σ x²
      for (let i = 0; i < n; i++) { sxy0 += xs[i]! * ys[i]!; sxx0 += xs[i]! * xs[i]!; }
      if (sxx0 > 0 && sxy0 > 0) return { alpha: sxy0 / sxx0, beta: 0, source: `${source}, σ_H² = α·(HAADF − offset) (Poisson)` };
    }
  }
  return { alpha: 0, beta: constant, source: `${source}, constant σ_H²` };
}

/** σ_H² at a HAADF level (above the offset), never below a tiny positive floor. */
export function haadfVariance(model: HaadfNoiseModel, level: number): number {
  return Math.max(model.alpha * Math.max(0, level) + model.beta, 1e-12);
}

