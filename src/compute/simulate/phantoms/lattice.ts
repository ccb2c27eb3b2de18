// An atomic-resolution lattice: Sr and Ti columns of a perovskite viewed along [001], Gaussian columns.

import { createRng } from '../random.js';
import { makeRegion, phantomGrid, type Phantom, type PhantomOptions } from '../phantom.js';

export interface LatticeOptions extends PhantomOptions {
  /** Column spacing of each sublattice, pixels (default 9). */
  spacing?: number;
  /** Gaussian column width σ, pixels (default 1.2). */
  sigma?: number;
  /** Mean atoms per column (default 20); each column gets an integer in [0.9, 1.1]× this, seeded. */
  atomsPerColumn?: number;
  /** Random column displacement, pixels, uniform in ±jitter per axis (default 0.2). */
  jitter?: number;
}

/**
 * Sr columns on a square lattice at (x0 + i·a, y0 + j·a), Ti columns at the cell centres (+a/2, +a/2), as in SrTiO₃ [001]
 * (O omitted). Each column is a normalised 2-D Gaussian times its atom count n: n/(2πσ²)·exp(−r²/2σ²), so a map's sum
 * over a column is its atom count. Regions 'Sr' and 'Ti': pixels within 1 px of a column centre, columns fully inside.
 */
export function lattice(opts: LatticeOptions = {}): Phantom {
  const { width, height, seed } = phantomGrid(opts, 16);
  const a = opts.spacing ?? 9;
  const sigma = opts.sigma ?? 1.2;
  const atoms = opts.atomsPerColumn ?? 20;
  const jitter = opts.jitter ?? 0.2;
  if (!(a >= 3)) throw new RangeError(`spacing must be ≥ 3 px, got ${a}`);
  if (!(sigma > 0 && sigma < a)) throw new RangeError(`sigma must be in (0, spacing), got ${sigma}`);
  if (!(atoms > 0)) throw new RangeError(`atomsPerColumn must be > 0, got ${atoms}`);
  if (!(jitter >= 0 && jitter < a / 4)) throw new RangeError(`jitter must be in [0, spacing/4), got ${jitter}`);
  const rng = createRng(seed, 0x5eed03);
  const n = width * height;
  const elements = ['Sr', 'Ti'];
  const truth = new Float32Array(2 * n);
  const masks = [new Uint8Array(n), new Uint8Array(n)];
  const reach = Math.ceil(4 * sigma);
  const norm = 1 / (2 * Math.PI * sigma * sigma); // 2-D Gaussian normalisation 1/(2πσ²)
  const x0 = a / 4;
  const y0 = a / 4;
  for (let j = -1; j * a + y0 < height + a; j++) {
    for (let i = -1; i * a + x0 < width + a; i++) {
      for (let e = 0; e < 2; e++) {
        const cx = x0 + i * a + e * (a / 2) + jitter * (2 * rng.uniform() - 1);
        const cy = y0 + j * a + e * (a / 2) + jitter * (2 * rng.uniform() - 1);
        const count = Math.round(atoms * (0.9 + 0.2 * rng.uniform()));
        const inside = cx - reach >= 0 && cy - reach >= 0 && cx + reach <= width - 1 && cy + reach <= height - 1;
        const off = e * n;
        for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(height - 1, Math.ceil(cy + reach)); y++) {
          for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(width - 1, Math.ceil(cx + reach)); x++) {
            const r2 = (x - cx) ** 2 + (y - cy) ** 2;
            const p = y * width + x;
            truth[off + p]! += count * norm * Math.exp(-r2 / (2 * sigma * sigma));
            if (inside && r2 <= 1) masks[e]![p] = 1;
          }
        }
      }
    }
  }
  return {
    name: 'lattice',
    width,
    height,
    elements,
    truth,
    description:
      `Sr and Ti columns (SrTiO₃ [001], O omitted) on square sublattices of spacing ${a} px, Gaussian σ = ${sigma} px, ` +
      `about ${atoms} atoms per column (±10 %), jitter ±${jitter} px; units: atoms per pixel`,
    regions: [makeRegion('Sr', truth, elements, masks[0]!), makeRegion('Ti', truth, elements, masks[1]!)],
  };
}
