// The noise of a map that is not raw counts (processed EDX net counts, EELS edge integrals): var(b_p) ≈ gain·E[b_p] +
// floor, estimated from the map itself — what the checkerboard split of the sensitivity fit needs for its
// second-order term.

export interface MapNoiseModel {
  /** Variance per unit of signal (1 for raw counts). */
  gain: number;
  /** Signal-independent variance (read-out, background subtraction). */
  floor: number;
}

/** Median of χ²₁: a Gaussian residual's median square is 0.455·σ². */
const CHI2_1_MEDIAN = 0.4549;
const BINS = 16;

/**
 * d_p = b_p − mean of its 4 neighbours has variance ≈ 1.25·var(b) where the map is locally flat. Pixels are binned by
 * their local mean m_p (5-pixel cross); in each bin var ≈ median(d²) / (0.455 · 1.25), robust to edges; then
 * var = gain·m + floor by least squares over the bins, both clamped ≥ 0.
 */
export function estimateMapNoise(map: Float32Array, width: number, height: number): MapNoiseModel {
  const m: number[] = [], d2: number[] = [];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const p = y * width + x;
      const nb = (map[p - 1]! + map[p + 1]! + map[p - width]! + map[p + width]!) / 4;
      m.push((map[p]! + 4 * nb) / 5);
      d2.push((map[p]! - nb) ** 2);
    }
  }
  if (m.length < BINS * 4) return { gain: 0, floor: 0 };
  const order = m.map((_, k) => k).sort((a, b) => m[a]! - m[b]!);
  const per = Math.floor(order.length / BINS);
  const xs: number[] = [], vs: number[] = [];
  for (let b = 0; b < BINS; b++) {
    const idx = order.slice(b * per, (b + 1) * per);
    xs.push(idx.reduce((s, k) => s + m[k]!, 0) / idx.length);
    const sq = idx.map((k) => d2[k]!).sort((a, c) => a - c);
    vs.push(sq[Math.floor(sq.length / 2)]! / (CHI2_1_MEDIAN * 1.25));
  }
  const mx = xs.reduce((s, v) => s + v, 0) / BINS, mv = vs.reduce((s, v) => s + v, 0) / BINS;
  let sxx = 0, sxv = 0;
  for (let b = 0; b < BINS; b++) { sxx += (xs[b]! - mx) ** 2; sxv += (xs[b]! - mx) * (vs[b]! - mv); }
  let gain = sxx > 0 ? Math.max(0, sxv / sxx) : 0;
  let floor = mv - gain * mx;
  if (floor < 0) { floor = 0; gain = Math.max(0, vs.reduce((s, v, b) => s + v * xs[b]!, 0) / xs.reduce((s, v) => s + v * v, 0)); }
  return { gain, floor };
}
