// How stiff a data term is at the data: the typical ∂²ψ/∂x² where the maps hold signal, for a stable explicit step.

import type { DataTermModel } from './types.js';

/** Pixels per chunk of ψ'' (the maps are never copied whole). */
const CHUNK = 1 << 16;

/** float32 bits → an unsigned key in the order of the values (negative values reversed below the positive ones). */
const sortKey = (bits: number): number => (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
const fromKey = (key: number): number => (key & 0x80000000 ? key & 0x7fffffff : ~key) >>> 0;

/**
 * Median of ψ'' at x = max(b, 0) over pixels with b > 0 (1 for least squares; ≈ 1/b for Poisson): the value at index
 * ⌊count/2⌋ of the ascending float32 values ψ'' (as a full sort would put there), found by two radix passes over the
 * float32 bits (the high 16 bits, then the low 16 of that bucket), ψ'' computed chunk by chunk each time.
 */
export function typicalCurvature(term: DataTermModel, maps: Float32Array, eps: number): number {
  const x = new Float32Array(CHUNK), h = new Float32Array(CHUNK);
  const bits = new Uint32Array(h.buffer);
  const high = new Float64Array(65536), low = new Float64Array(65536);
  /** ψ'' of chunk [k0, k0 + len) into h (x = max(b, 0) there). */
  const curvatures = (k0: number, len: number): void => {
    for (let j = 0; j < len; j++) { const v = maps[k0 + j]!; x[j] = v > 0 ? v : 0; }
    term.hessianDiagonal(x.subarray(0, len), maps.subarray(k0, k0 + len), eps, h.subarray(0, len));
  };
  let positive = 0;
  for (let k0 = 0; k0 < maps.length; k0 += CHUNK) {
    const len = Math.min(CHUNK, maps.length - k0);
    curvatures(k0, len);
    for (let j = 0; j < len; j++) if (maps[k0 + j]! > 0) { high[sortKey(bits[j]!) >>> 16]!++; positive++; }
  }
  if (positive === 0) return 1;
  let rank = Math.floor(positive / 2), bucket = 0;
  while (rank >= high[bucket]!) rank -= high[bucket++]!;
  for (let k0 = 0; k0 < maps.length; k0 += CHUNK) {
    const len = Math.min(CHUNK, maps.length - k0);
    curvatures(k0, len);
    for (let j = 0; j < len; j++) {
      if (!(maps[k0 + j]! > 0)) continue;
      const key = sortKey(bits[j]!);
      if (key >>> 16 === bucket) low[key & 0xffff]!++;
    }
  }
  let lowBits = 0;
  while (rank >= low[lowBits]!) rank -= low[lowBits++]!;
  return new Float32Array(new Uint32Array([fromKey(((bucket << 16) | lowBits) >>> 0)]).buffer)[0]!;
}
