// HAADF forward model (DESIGN.md §1): m = Σ_i a_i x_i^γ, per pixel.

import { powFloat32 } from '../backend/cpu/fast-pow.js';

/** m[p] = Σ_i a_i x_i[p]^γ for stacked maps x (element i at [i·N, (i+1)·N)). */
export function forwardModel(x: Float32Array, weights: ArrayLike<number>, gamma: number, pixels: number, out = new Float32Array(pixels)): Float32Array {
  out.fill(0);
  const bits = new Int32Array(x.buffer, x.byteOffset, x.length); // x^γ from the float32 bits (fast-pow.ts, < 1e-13 relative to Math.pow)
  for (let i = 0; i < weights.length; i++) {
    const a = weights[i]!;
    const off = i * pixels;
    for (let p = 0; p < pixels; p++) out[p]! += a * powFloat32(x[off + p]!, bits[off + p]!, gamma);
  }
  return out;
}
