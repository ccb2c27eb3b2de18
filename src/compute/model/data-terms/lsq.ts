// Gaussian least squares, for maps in arbitrary units that may be negative (background-subtracted EELS, Velox
// net counts, at.% maps): ψ(x; b) = ½ (x − b)², weighted by the noise variance estimated from the map (κ = 1/σ²).

import type { DataTermModel, MapNoise } from './types.js';

/** σ_w floor (1e-4 of the working scale): a noise-free map gets a finite, very large weight. */
const MIN_RELATIVE_NOISE = 1e-4;

export const lsq: DataTermModel = {
  name: 'lsq',
  description: 'Gaussian least squares: ψ = ½ (x − b)² / σ², σ estimated from the map (negative values allowed)',

  check() {
    return null; // any finite map (inputs.ts refuses NaN / infinite values)
  },

  // κ = 1/σ_w² with σ_w = σ / c the noise in working units
  information(noise: MapNoise, scale: number) {
    return (scale * scale) / Math.max(noise.variance, (MIN_RELATIVE_NOISE * scale) ** 2);
  },

  kernelData(b, _eps, out) {
    if (!out) return b.slice();
    if (out !== b) out.set(b);
    return out;
  },

  value(x, b) {
    let s = 0;
    for (let k = 0; k < x.length; k++) s += (x[k]! - b[k]!) ** 2;
    return 0.5 * s;
  },

  // ∂ψ/∂x = x − b
  gradient(x, b, _eps, out = new Float32Array(x.length)) {
    for (let k = 0; k < x.length; k++) out[k] = x[k]! - b[k]!;
    return out;
  },

  hessianDiagonal(x, _b, _eps, out = new Float32Array(x.length)) {
    return out.fill(1);
  },

  // argmin_{x≥0} ½(x − v)² + (t/2)(x − b)² = max(0, (v + t b) / (1 + t))
  prox(v, b, t, _eps, out = new Float32Array(v.length)) {
    for (let k = 0; k < v.length; k++) out[k] = Math.max(0, (v[k]! + t * b[k]!) / (1 + t));
    return out;
  },
};
