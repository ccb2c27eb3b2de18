// Two overlapping Ga₂O₃-like films of known stoichiometry (Ga atomic fraction 2/5 everywhere there is material).

import { createRng } from '../random.js';
import { makeRegion, phantomGrid, type Phantom, type PhantomOptions } from '../phantom.js';
import { smoothField } from './smooth-field.js';

export interface Ga2o3FilmsOptions extends PhantomOptions {
  /** Thickness of film A and film B (projected atoms per pixel, default 20 and 32). */
  thicknessA?: number;
  thicknessB?: number;
  /** Relative thickness roughness: thickness × (1 + roughness·f), f a smooth field in [−1, 1] (default 0.05). */
  roughness?: number;
}

/** Ga atomic fraction of Ga₂O₃: 2 / (2 + 3). */
export const GA2O3_GA_FRACTION = 2 / 5;

/**
 * Film A covers the left ~62 % of the image (edge slightly tilted); film B covers the right ~62 % within a
 * horizontal band (18–82 % of the height), so they overlap in the middle. Ga = 0.4·t, O = 0.6·t with t the
 * summed (rough) thickness, so Ga/(Ga+O) = 0.4 at every pixel with material. Regions 'filmA', 'overlap', 'filmB'
 * are at least max(2, 3 % of the size) pixels from every film edge.
 */
export function ga2o3Films(opts: Ga2o3FilmsOptions = {}): Phantom {
  const { width, height, seed } = phantomGrid(opts, 16);
  const tA = opts.thicknessA ?? 20;
  const tB = opts.thicknessB ?? 32;
  const rough = opts.roughness ?? 0.05;
  if (!(tA > 0 && tB > 0)) throw new RangeError('film thicknesses must be > 0');
  if (!(rough >= 0 && rough < 1)) throw new RangeError(`roughness must be in [0, 1), got ${rough}`);
  const rng = createRng(seed, 0x5eed02);
  const slopeA = 0.1 * (rng.uniform() - 0.5);
  const slopeB = 0.1 * (rng.uniform() - 0.5);
  const fieldA = smoothField(rng, width, height);
  const fieldB = smoothField(rng, width, height);
  const normA = Math.hypot(1, slopeA);
  const normB = Math.hypot(1, slopeB);
  const yc = height / 2;
  const top = 0.18 * height;
  const bottom = 0.82 * height;
  const m = Math.max(2, 0.03 * Math.min(width, height));

  const n = width * height;
  const elements = ['Ga', 'O'];
  const truth = new Float32Array(2 * n);
  const masks = { filmA: new Uint8Array(n), overlap: new Uint8Array(n), filmB: new Uint8Array(n) };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      // signed distances to each film's edges (> 0 inside): film A is x < 0.62·W + slopeA·(y − yc)
      const dA = (0.62 * width + slopeA * (y - yc) - x) / normA;
      const dB = Math.min((x - 0.38 * width - slopeB * (y - yc)) / normB, y - top, bottom - y);
      let t = 0;
      if (dA > 0) t += tA * (1 + rough * fieldA[p]!);
      if (dB > 0) t += tB * (1 + rough * fieldB[p]!);
      truth[p] = GA2O3_GA_FRACTION * t;
      truth[n + p] = (1 - GA2O3_GA_FRACTION) * t;
      if (dA >= m && dB <= -m) masks.filmA[p] = 1;
      if (dA >= m && dB >= m) masks.overlap[p] = 1;
      if (dA <= -m && dB >= m) masks.filmB[p] = 1;
    }
  }
  return {
    name: 'ga2o3-films',
    width,
    height,
    elements,
    truth,
    description:
      `two overlapping Ga₂O₃-like films (Ga:O = 2:3, Ga fraction 0.4 wherever there is material), thickness ${tA} and ${tB} ` +
      `(overlap ${tA + tB}) with ±${Math.round(rough * 100)} % smooth roughness; vacuum top-right and bottom-right`,
    regions: (['filmA', 'overlap', 'filmB'] as const).map((k) => makeRegion(k, truth, elements, masks[k])),
  };
}
