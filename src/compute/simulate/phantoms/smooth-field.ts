// A smooth random field for thickness roughness.

import type { Rng } from '../random.js';

/** A smooth random field in [−1, 1]: a sum of plane waves with wavelengths 20–80 px, normalised by its maximum. */
export function smoothField(rng: Rng, width: number, height: number): Float64Array {
  const waves = Array.from({ length: 6 }, () => {
    const k = (2 * Math.PI) / (20 + 60 * rng.uniform());
    const theta = 2 * Math.PI * rng.uniform();
    return { kx: k * Math.cos(theta), ky: k * Math.sin(theta), phase: 2 * Math.PI * rng.uniform() };
  });
  const f = new Float64Array(width * height);
  let max = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (const w of waves) v += Math.cos(w.kx * x + w.ky * y + w.phase);
      f[y * width + x] = v;
      max = Math.max(max, Math.abs(v));
    }
  }
  if (max > 0) for (let p = 0; p < f.length; p++) f[p]! /= max;
  return f;
}

