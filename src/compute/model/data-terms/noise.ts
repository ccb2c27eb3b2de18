// A map's noise level from the map itself: var(b) ≈ gain·E[b] + floor, fitted to the local variance of the
// difference between each pixel and the mean of its four neighbours (for white noise var(r) = 1.25·var(b)),
// binned by the local level. Structure adds to the differences; bins are robust to a few edges, not to texture.

import type { MapNoise } from './types.js';

/** Quantile bins of the local level. */
const BINS = 16;

/** The noise of one map (width × height, row-major), in its own units. */
export function estimateMapNoise(map: Float32Array, width: number, height: number): MapNoise {
  let integer = true, negatives = 0, sum = 0;
  for (let k = 0; k < map.length; k++) {
    const v = map[k]!;
    if (v < 0) negatives++;
    if (integer && !Number.isInteger(v)) integer = false;
    sum += v;
  }
  const mean = sum / map.length;
  const levels: number[] = [], squares: number[] = [];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const k = y * width + x;
      const nb = (map[k - 1]! + map[k + 1]! + map[k - width]! + map[k + width]!) / 4;
      const r = map[k]! - nb; // var(r) = var(b) + var(b)/4
      levels.push((map[k]! + 4 * nb) / 5);
      squares.push((r * r) / 1.25);
    }
  }
  const pixels = levels.length;
  if (pixels === 0) return { gain: 0, floor: 0, variance: 0, mean, integer, negatives, pixels };
  const order = Array.from(levels.keys()).sort((a, b) => levels[a]! - levels[b]!);
  const binLevel: number[] = [], binVar: number[] = [], binCount: number[] = [];
  for (let j = 0; j < BINS; j++) {
    const idx = order.slice(Math.floor((j * pixels) / BINS), Math.floor(((j + 1) * pixels) / BINS));
    if (idx.length === 0) continue;
    const sq = idx.map((k) => squares[k]!).sort((a, b) => a - b);
    // drop the differences far beyond the bin's robust spread (edges), when the spread is defined
    const median = sq[Math.floor(sq.length / 2)]!;
    const cut = median > 0 ? 25 * median : Infinity;
    let s = 0, m = 0, c = 0;
    for (const k of idx) if (squares[k]! <= cut) { s += squares[k]!; m += levels[k]!; c++; }
    binLevel.push(m / c); binVar.push(s / c); binCount.push(c);
  }
  const { gain, floor } = fitVarianceLine(binLevel, binVar, binCount);
  let variance = 0;
  for (const l of levels) variance += gain * Math.max(l, 0) + floor;
  return { gain, floor, variance: variance / pixels, mean, integer, negatives, pixels };
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
