// A map's noise level from the map itself: var(b) ≈ gain·E[b] + floor, fitted to the local variance of the
// difference between each pixel and the mean of its four neighbours (for white noise var(r) = 1.25·var(b)),
// binned by the local level. Structure adds to the differences; bins are robust to a few edges, not to texture.

import type { MapNoise } from './types.js';

/** The most counts in one pixel that countQuantum accepts as counts in steps. */
const MAX_COUNT = 1e6;

/** Quantile bins of the local level. */
const BINS = 16;

/**
 * The step q when every value of the map is an integer multiple of it (counts, or counts times a factor, e.g. ×1000 or
 * ×0.001 up to float32 rounding); null otherwise. q is the smallest difference between distinct values.
 */
export function countQuantum(map: Float32Array): number | null {
  const gap = smallestGap(map);
  if (gap === null) return null;
  const { q, lo, hi, integer } = gap;
  const largest = Math.max(Math.abs(lo), Math.abs(hi)); // the largest |value|
  if (largest / q > MAX_COUNT) return null; // steps that fine are float rounding, not counts
  if (integer && q === 1) return q; // integers in steps of 1: every m = b/q below is an integer
  for (let k = 0; k < map.length; k++) {
    const m = map[k]! / q;
    if (Math.abs(m - Math.round(m)) > 2e-3 + 2e-7 * Math.abs(m)) return null; // float32 rounding of m·q
  }
  return q;
}

/**
 * The smallest difference q between distinct values of the map (null when all are equal), with the map's range and
 * whether it holds integers only. Integer maps whose range is at most MAX_COUNT are marked in a bitmap of their range,
 * in one pass (counts: no sort); others are sorted.
 */
function smallestGap(map: Float32Array): { q: number; lo: number; hi: number; integer: boolean } | null {
  let lo = Infinity, hi = -Infinity, integer = true;
  for (let k = 0; k < map.length; k++) {
    const v = map[k]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (integer && !Number.isInteger(v)) integer = false;
  }
  if (!(hi > lo)) return null;
  if (integer && hi - lo <= MAX_COUNT) {
    const seen = new Uint8Array(hi - lo + 1);
    for (let k = 0; k < map.length; k++) seen[map[k]! - lo] = 1;
    let q = Infinity, last = -1;
    for (let j = 0; j < seen.length; j++) {
      if (!seen[j]) continue;
      if (last >= 0 && j - last < q) q = j - last;
      last = j;
    }
    return { q, lo, hi, integer };
  }
  const sorted = Float64Array.from(map).sort();
  let q = Infinity;
  for (let k = 1; k < sorted.length; k++) { const d = sorted[k]! - sorted[k - 1]!; if (d > 0 && d < q) q = d; }
  return Number.isFinite(q) ? { q, lo, hi, integer } : null;
}

/** What one pass over a map says about its values: the MapNoise fields that need no noise fit. */
export type MapValues = Pick<MapNoise, 'mean' | 'integer' | 'quantum' | 'negatives' | 'pixels'>;

/** A map's mean, integrality, count quantum and negatives (and the pixels a noise fit would use). */
export function mapValues(map: Float32Array, width: number, height: number): MapValues {
  let integer = true, negatives = 0, sum = 0;
  for (let k = 0; k < map.length; k++) {
    const v = map[k]!;
    if (v < 0) negatives++;
    if (integer && !Number.isInteger(v)) integer = false;
    sum += v;
  }
  return { mean: sum / map.length, integer, quantum: countQuantum(map), negatives, pixels: Math.max(0, width - 2) * Math.max(0, height - 2) };
}

/** The noise of a map of counts in steps of q (values.quantum): var(b) = q·E[b] exactly, whatever the texture. */
export function countNoise(values: MapValues & { quantum: number }): MapNoise {
  const { mean, integer, quantum, negatives, pixels } = values;
  return { gain: quantum, floor: 0, variance: quantum * Math.max(mean, 0), mean, integer, quantum, negatives, pixels };
}

/** The noise of one map (width × height, row-major), in its own units (`values`: mapValues of it, when already known). */
export function estimateMapNoise(map: Float32Array, width: number, height: number, values: MapValues = mapValues(map, width, height)): MapNoise {
  const { mean, integer, quantum, negatives } = values;
  const inner = Math.max(0, width - 2) * Math.max(0, height - 2);
  const levels = new Float64Array(inner), squares = new Float64Array(inner);
  let q = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const k = y * width + x;
      const nb = (map[k - 1]! + map[k + 1]! + map[k - width]! + map[k + width]!) / 4;
      const r = map[k]! - nb; // var(r) = var(b) + var(b)/4
      levels[q] = (map[k]! + 4 * nb) / 5;
      squares[q++] = (r * r) / 1.25;
    }
  }
  const pixels = levels.length;
  if (pixels === 0) return { gain: quantum ?? 0, floor: 0, variance: 0, mean, integer, quantum, negatives, pixels };
  const order = stableOrder(levels);
  const binLevel: number[] = [], binVar: number[] = [], binCount: number[] = [];
  for (let j = 0; j < BINS; j++) {
    const idx = order.subarray(Math.floor((j * pixels) / BINS), Math.floor(((j + 1) * pixels) / BINS));
    if (idx.length === 0) continue;
    const sq = new Float64Array(idx.length);
    for (let t = 0; t < idx.length; t++) sq[t] = squares[idx[t]!]!;
    sq.sort();
    // drop the differences far beyond the bin's robust spread (edges), when the spread is defined
    const median = sq[Math.floor(sq.length / 2)]!;
    const cut = median > 0 ? 25 * median : Infinity;
    let s = 0, m = 0, c = 0;
    for (let t = 0; t < idx.length; t++) { const k = idx[t]!; if (squares[k]! <= cut) { s += squares[k]!; m += levels[k]!; c++; } }
    binLevel.push(m / c); binVar.push(s / c); binCount.push(c);
  }
  const { gain, floor } = fitVarianceLine(binLevel, binVar, binCount);
  let variance = 0;
  for (let t = 0; t < pixels; t++) variance += gain * Math.max(levels[t]!, 0) + floor;
  return { gain, floor, variance: variance / pixels, mean, integer, quantum, negatives, pixels };
}

/**
 * The indices of `values` in ascending order of value, ties in index order (what a stable sort of the indices by value
 * gives), without a comparator: each index's rank is the first position of its value in the sorted values plus the
 * number of earlier indices with the same value.
 */
export function stableOrder(values: Float64Array): Uint32Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const taken = new Uint32Array(n);
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const v = values[k]!;
    let lo = 0, hi = n; // first position with sorted[pos] >= v
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (sorted[mid]! < v) lo = mid + 1; else hi = mid; }
    order[lo + taken[lo]!++] = k;
  }
  return order;
}

/** Weighted least squares v ≈ gain·μ + floor with gain, floor ≥ 0 (the constrained optimum on a face when needed). */
function fitVarianceLine(mu: number[], v: number[], w: number[]): { gain: number; floor: number } {
  let sw = 0, sm = 0, sv = 0, smm = 0, smv = 0;
  mu.forEach((m, j) => {
    const mm = Math.max(m, 0);
    sw += w[j]!; sm += w[j]! * mm; sv += w[j]! * v[j]!; smm += w[j]! * mm * mm; smv += w[j]! * mm * v[j]!;
  });
  const det = sw * smm - sm * sm;
  if (det > 0) {
    const gain = (sw * smv - sm * sv) / det;
    const floor = (sv - gain * sm) / sw;
    if (gain >= 0 && floor >= 0) return { gain, floor };
  }
  const gainOnly = smm > 0 ? Math.max(0, smv / smm) : 0; // floor = 0
  const floorOnly = Math.max(0, sv / sw); // gain = 0
  const sse = (g: number, f: number) => mu.reduce((s, m, j) => s + w[j]! * (v[j]! - g * Math.max(m, 0) - f) ** 2, 0);
  return sse(gainOnly, 0) <= sse(0, floorOnly) ? { gain: gainOnly, floor: 0 } : { gain: 0, floor: floorOnly };
}
