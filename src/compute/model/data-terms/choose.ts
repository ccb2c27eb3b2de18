// Which data term fits the maps (DESIGN.md §1, "what the maps measure"), decided from the data unless the user says.

import { countNoise, estimateMapNoise, mapValues } from './noise.js';
import { DATA_TERMS } from './registry.js';
import type { DataTermChoice, DataTermModel, MapNoise } from './types.js';

export interface DataTermDecision {
  term: DataTermModel;
  /** Per map, its noise as estimated (map units); for true counts the gain is set to 1. */
  noise: MapNoise[];
  /** Why this term, in one sentence for the report. */
  reason: string;
}

/** A map is Poisson-like when its signal-independent variance is below this fraction of the signal-dependent one. */
const POISSON_LIKE_FLOOR = 0.5;

/** The data term for `maps`: the requested one, or (auto) Poisson for counts and scaled counts, least squares otherwise. */
export function chooseDataTerm(maps: readonly Float32Array[], width: number, height: number, requested: DataTermChoice, labels: readonly string[] = []): DataTermDecision {
  const values = maps.map((m) => mapValues(m, width, height));
  const name = (i: number) => labels[i] ?? `map ${i + 1}`;
  // counts in steps of q (q = 1, or a factor the maps were multiplied by): the gain is q exactly, whatever the
  // texture does to the estimate from neighbour differences (so the estimate is not made)
  const counts = values.every((z) => z.quantum !== null && z.negatives === 0);
  const noise: MapNoise[] = counts ? values.map((z) => countNoise({ ...z, quantum: z.quantum! })) : maps.map((m, i) => estimateMapNoise(m, width, height, values[i]!));
  if (requested !== 'auto') {
    return { term: DATA_TERMS[requested], noise, reason: `--data-term ${requested} (given)` };
  }
  const negative = noise.findIndex((z) => z.negatives > 0);
  if (negative >= 0) {
    return { term: DATA_TERMS.lsq, noise, reason: `least squares: ${name(negative)} has ${noise[negative]!.negatives} negative values (background-subtracted or net intensities), so not counts` };
  }
  if (counts) {
    const steps = noise.map((z) => z.quantum!);
    const unit = steps.every((q) => q === 1) ? 'non-negative integers (counts)' : `non-negative multiples of ${[...new Set(steps.map((q) => q.toPrecision(4)))].join(', ')} (counts times a factor)`;
    return { term: DATA_TERMS.poisson, noise, reason: `Poisson: every map holds ${unit}` };
  }
  const poissonLike = noise.every((z) => z.gain > 0 && z.floor <= POISSON_LIKE_FLOOR * z.gain * Math.max(z.mean, 0));
  if (poissonLike) {
    const gains = noise.map((z, i) => `${name(i)} ${z.gain.toPrecision(3)}`).join(', ');
    return { term: DATA_TERMS.poisson, noise, reason: `Poisson with a gain: the maps are not counts in steps, but their variance grows in proportion to the signal (gain per map ${gains}, estimated from neighbour differences)` };
  }
  return { term: DATA_TERMS.lsq, noise, reason: 'least squares: the maps are not counts and their noise does not grow with the signal' };
}
