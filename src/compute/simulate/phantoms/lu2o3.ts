// Lu₂O₃ grains on an oxygen-bearing support: a heavy element next to a light one the HAADF barely sees
// ((Z_O/Z_Lu)^1.7 ≈ 2.4 % of the signal per atom), so O must come from its map, not from the HAADF.

import { createRng } from '../random.js';
import { makeRegion, phantomGrid, type Phantom, type PhantomOptions } from '../phantom.js';

export interface Lu2o3Options extends PhantomOptions {
  /** How many grains to try to place (default 5). */
  grains?: number;
}

/** Atoms per unit volume relative to Lu in Lu₂O₃ (Lu:O = 2:3); the support holds O at half the grains' O density. */
export const LU2O3_DENSITY = { lu: 1, o: 1.5, supportO: 0.75 } as const;

/** Projected thickness of a sphere of radius R at squared distance r² from its axis. */
function chord(R: number, r2: number): number {
  return r2 < R * R ? 2 * Math.sqrt(R * R - r2) : 0;
}

/**
 * Spherical Lu₂O₃ grains (radius 7–12 % of the image) on a flat support film of thickness 0.3·R̄ that covers the
 * lower two thirds of the field and holds only O. Regions: 'grain' (inner half of each grain's radius), 'support'
 * (support film away from grains): O in the support is almost invisible in the HAADF.
 */
export function lu2o3(opts: Lu2o3Options = {}): Phantom {
  const { width, height, seed } = phantomGrid(opts, 32);
  const want = opts.grains ?? 5;
  if (!Number.isInteger(want) || want < 1) throw new RangeError(`grains must be an integer ≥ 1, got ${want}`);
  const rng = createRng(seed, 0x1a203);
  const size = Math.min(width, height);
  const grains: { cx: number; cy: number; r: number }[] = [];
  for (let attempt = 0; attempt < 4000 && grains.length < want; attempt++) {
    const r = Math.max(5, (0.07 + 0.05 * rng.uniform()) * size);
    const m = r + 2;
    if (width - 2 * m <= 0 || height - 2 * m <= 0) continue;
    const cx = m + rng.uniform() * (width - 2 * m), cy = m + rng.uniform() * (height - 2 * m);
    if (grains.every((g) => Math.hypot(g.cx - cx, g.cy - cy) > g.r + r + 3)) grains.push({ cx, cy, r });
  }
  if (grains.length === 0) throw new RangeError(`no grain fits in ${width}×${height}`);
  const n = width * height;
  const elements = ['Lu', 'O'];
  const truth = new Float32Array(2 * n);
  const grainMask = new Uint8Array(n), supportMask = new Uint8Array(n);
  const meanR = grains.reduce((s, g) => s + g.r, 0) / grains.length;
  const film = 0.3 * meanR;
  const top = Math.floor(height / 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      let t = 0, inner = false, near = false;
      for (const g of grains) {
        const r2 = (x - g.cx) ** 2 + (y - g.cy) ** 2;
        t += chord(g.r, r2);
        if (r2 < (0.5 * g.r) ** 2) inner = true;
        if (r2 < (g.r + 3) ** 2) near = true;
      }
      const support = y >= top ? film : 0;
      truth[p] = LU2O3_DENSITY.lu * t;
      truth[n + p] = LU2O3_DENSITY.o * t + LU2O3_DENSITY.supportO * support;
      if (inner) grainMask[p] = 1;
      if (!near && y >= top + 2) supportMask[p] = 1;
    }
  }
  return {
    name: 'lu2o3',
    width, height, elements, truth,
    description:
      `${grains.length} spherical Lu₂O₃ grains (Lu:O = 2:3, radius 7–12 % of the image) on an O-only support film ` +
      `(thickness 0.3 × mean radius, lower two thirds of the field); units: Lu atoms per pixel column relative to Lu₂O₃`,
    regions: [makeRegion('grain', truth, elements, grainMask), makeRegion('support', truth, elements, supportMask)],
  };
}
