// Which data term fits the maps (DESIGN.md §1, "what the maps measure"), decided from the data unless the user says.

import { estimateMapNoise } from './noise.js';
import { DATA_TERMS } from './registry.js';
import type { DataTermChoice, DataTermModel, MapNoise } from './types.js';

export interface DataTermDecision {
  term: DataTermModel;
  /** Per map, its noise as estimated (map units); for true counts the gain is set to 1. */
  noise: MapNoise[];
  /** Why this term, in one sentence for the report. */
  reason: string;
}

/** Integer counts whose estimated gain is within this factor of 1 are taken as counts (gain exactly 1). */
const COUNTS_GAIN_TOLERANCE = 2;

/** A map is Poisson-like when its signal-independent variance is below this fraction of the signal-dependent one. */
const POISSON_LIKE_FLOOR = 0.5;

/** The data term for `maps`: the requested one, or (auto) Poisson for counts and scaled counts, least squares otherwise. */
export function chooseDataTerm(maps: readonly Float32Array[], width: number, height: number, requested: DataTermChoice, labels: readonly string[] = []): DataTermDecision {
  const noise = maps.map((m) => estimateMapNoise(m, width, height));
  const name = (i: number) => labels[i] ?? `map ${i + 1}`;
  const counts = noise.every((z) => z.integer && z.negatives === 0 && z.gain > 0 && z.gain <= COUNTS_GAIN_TOLERANCE && z.gain >= 1 / COUNTS_GAIN_TOLERANCE);
  const asCounts = (z: MapNoise): MapNoise => (counts ? { ...z, gain: 1, floor: 0, variance: Math.max(z.mean, 0) } : z);
  if (requested !== 'auto') {
    return { term: DATA_TERMS[requested], noise: noise.map(asCounts), reason: `--data-term ${requested} (given)` };
  }
  const negative = noise.findIndex((z) => z.negatives > 0);
  if (negative >= 0) {
    return { term: DATA_TERMS.lsq, noise, reason: `least squares: ${name(negative)} has ${noise[negative]!.negatives} negative values (background-subtracted or net intensities), so not counts` };
  }
  if (counts) return { term: DATA_TERMS.poisson, noise: noise.map(asCounts), reason: 'Poisson: every map holds non-negative integers with variance ≈ mean (counts)' };
  const poissonLike = noise.every((z) => z.gain > 0 && z.floor <= POISSON_LIKE_FLOOR * z.gain * Math.max(z.mean, 0));
  if (poissonLike) {
    const gains = noise.map((z, i) => `${name(i)} ${z.gain.toPrecision(3)}`).join(', ');
    return { term: DATA_TERMS.poisson, noise, reason: `Poisson with a gain: the maps are not integers but their variance grows in proportion to the signal (scaled counts; gain per map ${gains})` };
  }
  return { term: DATA_TERMS.lsq, noise, reason: 'least squares: the maps are not counts and their noise does not grow with the signal' };
}
