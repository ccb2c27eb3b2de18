// Histogram of relative-concentration values (a region's c_i), equal-width bins over a range, [0, 1] by default.

export interface HistogramOptions {
  /** Number of equal-width bins (default 50). */
  bins?: number;
  /** [lo, hi] covered by the bins (default [0, 1], the range of a relative concentration). */
  range?: readonly [number, number];
}

export interface Histogram {
  /** bins + 1 bin edges, lo … hi. */
  edges: Float64Array;
  /** bins bin centres. */
  centres: Float64Array;
  /** Values per bin: bin k holds edges[k] ≤ v < edges[k+1]; the last bin also holds v = hi. */
  counts: Uint32Array;
  binWidth: number;
  /** Finite values below lo and above hi (counted, not binned); non-finite values (ignored). */
  below: number;
  above: number;
  nonFinite: number;
  /** Values binned (Σ counts). */
  total: number;
}

/** The histogram of `values` (counts; divide by total·binWidth for a density comparable with a fitted pdf). */
export function concentrationHistogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const bins = options.bins ?? 50;
  const [lo, hi] = options.range ?? [0, 1];
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be an integer ≥ 1, got ${bins}`);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new RangeError(`range must be finite with lo < hi, got [${lo}, ${hi}]`);
  const binWidth = (hi - lo) / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * binWidth));
  const centres = Float64Array.from({ length: bins }, (_, k) => lo + (k + 0.5) * binWidth);
  const counts = new Uint32Array(bins);
  let below = 0, above = 0, nonFinite = 0, total = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!Number.isFinite(v)) { nonFinite++; continue; }
    if (v < lo) { below++; continue; }
    if (v > hi) { above++; continue; }
    let b = Math.floor((v - lo) / binWidth); // bin index of v
    if (b >= bins) b = bins - 1; // v = hi joins the last bin
    if (b > 0 && v < edges[b]!) b--; // rounding in (v − lo)/w can overshoot an edge by one ulp
    else if (b < bins - 1 && v >= edges[b + 1]!) b++;
    counts[b]!++;
    total++;
  }
  return { edges, centres, counts, binWidth, below, above, nonFinite, total };
}
