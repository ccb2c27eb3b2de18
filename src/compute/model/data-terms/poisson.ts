// Poisson negative log-likelihood (the paper's Ψ2), for counts: ψ(x; b) = x − b log(x + ε).

import type { DataTermModel, MapNoise } from './types.js';

/** Gain floor (1e-8 of the working scale): a map with no measurable noise gets a finite, very large weight. */
const MIN_RELATIVE_GAIN = 1e-8;

export const poisson: DataTermModel = {
  name: 'poisson',
  description: 'Poisson: ψ = x − b log(x + ε), for counts (or counts times a gain, estimated from the map)',

  check(map) {
    let negatives = 0, min = Infinity;
    for (let k = 0; k < map.length; k++) if (map[k]! < 0) { negatives++; min = Math.min(min, map[k]!); }
    if (negatives === 0) return null;
    return `map has ${negatives} negative values (min ${min}); the Poisson data term needs counts, which cannot be negative — ` +
      'use --data-term lsq (or leave --data-term at auto) for background-subtracted maps';
  },

  // κ = c / gain: counts per working unit (NLL in counts = κ·ψ up to a constant)
  information(noise: MapNoise, scale: number) {
    return scale / Math.max(noise.gain, MIN_RELATIVE_GAIN * scale);
  },

  // b + ε: the Poisson likelihood of b + ε counts with mean x + ε (ε pseudo-counts on both sides)
  kernelData(b, eps, out = new Float32Array(b.length)) {
    for (let k = 0; k < b.length; k++) out[k] = b[k]! + eps;
    return out;
  },

  value(x, b, eps) {
    let s = 0;
    for (let k = 0; k < x.length; k++) s += x[k]! - b[k]! * Math.log(x[k]! + eps);
    return s;
  },

  // ∂ψ/∂x = 1 − b / (x + ε)
  gradient(x, b, eps, out = new Float32Array(x.length)) {
    for (let k = 0; k < x.length; k++) out[k] = 1 - b[k]! / (x[k]! + eps);
    return out;
  },

  // ∂²ψ/∂x² = b / (x + ε)²
  hessianDiagonal(x, b, eps, out = new Float32Array(x.length)) {
    for (let k = 0; k < x.length; k++) out[k] = b[k]! / (x[k]! + eps) ** 2;
    return out;
  },

  // x − v + t − t b/(x + ε) = 0 → u = x + ε solves u² − (v − t + ε)u − t b = 0 (the positive root), x = max(0, u − ε)
  prox(v, b, t, eps, out = new Float32Array(v.length)) {
    for (let k = 0; k < v.length; k++) {
      const p = v[k]! - t + eps;
      const u = 0.5 * (p + Math.sqrt(p * p + 4 * t * Math.max(b[k]!, 0)));
      out[k] = Math.max(0, u - eps);
    }
    return out;
  },
};
