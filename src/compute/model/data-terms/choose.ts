// Which data term fits the maps (DESIGN.md §1, "what the maps measure"), decided from the data unless the user says.

import { countNoise, estimateMapNoise, mapValues } from './noise.js';
import { DATA_TERMS } from './registry.js';
import { meanVariance } from './variance-weights.js';
import type { DataTermChoice, DataTermModel, MapNoise } from './types.js';

export interface DataTermDecision {
  term: DataTermModel;
  /** Per map, its noise as estimated (map units); for true counts the gain is set to 1. */
  noise: MapNoise[];
  /** Why this term, in one sentence for the report. */
  reason: string;
  /** Least squares weighted per pixel by the given variances (variance-weights.ts). */
  weighted: boolean;
}

const WEIGHTED = ', each pixel weighted by 1/σ²_p from the per-pixel variances given with the maps';
const ONE_SIGMA = '; one noise level per map, the mean of the per-pixel variances given with the maps (weighing each pixel by them is --data-term lsq-variances: measured worse on simulated EELS SIs)';

/** A map is Poisson-like when its signal-independent variance is below this fraction of the signal-dependent one. */
const POISSON_LIKE_FLOOR = 0.5;

/**
 * The data term for `maps`: the requested one, or (auto) Poisson for counts and scaled counts, least squares otherwise.
 * With per-pixel `variances` (map units², one per map), least squares is weighted by them and each map's noise
 * variance is their mean; counts stay Poisson (whose variance is the mean itself).
 */
export function chooseDataTerm(maps: readonly Float32Array[], width: number, height: number, requested: DataTermChoice, labels: readonly string[] = [], variances?: readonly Float32Array[]): DataTermDecision {
  const values = maps.map((m) => mapValues(m, width, height));
  const name = (i: number) => labels[i] ?? `map ${i + 1}`;
  // counts in steps of q (q = 1, or a factor the maps were multiplied by): the gain is q exactly, whatever the
  // texture does to the estimate from neighbour differences (so the estimate is not made)
  const counts = values.every((z) => z.quantum !== null && z.negatives === 0);
  const noise: MapNoise[] = counts ? values.map((z) => countNoise({ ...z, quantum: z.quantum! })) : maps.map((m, i) => estimateMapNoise(m, width, height, values[i]!));
  if (variances) noise.forEach((z, i) => { z.variance = meanVariance(variances[i]!); });
  // least squares with one σ per map: with variances given, their mean (the per-pixel weights are --data-term lsq-variances)
  const lsq = (reason: string): DataTermDecision => ({ term: DATA_TERMS.lsq, noise, reason: variances ? reason + ONE_SIGMA : reason, weighted: false });
  if (requested === 'lsq-variances') {
    return { term: DATA_TERMS.lsq, noise, reason: `--data-term lsq-variances (given): least squares${WEIGHTED}`, weighted: variances !== undefined };
  }
  if (requested !== 'auto') {
    return requested === 'lsq' ? lsq('--data-term lsq (given)') : { term: DATA_TERMS[requested], noise, reason: `--data-term ${requested} (given)`, weighted: false };
  }
  const negative = noise.findIndex((z) => z.negatives > 0);
  if (negative >= 0) {
    return lsq(`least squares: ${name(negative)} has ${noise[negative]!.negatives} negative values (background-subtracted or net intensities), so not counts`);
  }
  if (counts) {
    const steps = noise.map((z) => z.quantum!);
    const unit = steps.every((q) => q === 1) ? 'non-negative integers (counts)' : `non-negative multiples of ${[...new Set(steps.map((q) => q.toPrecision(4)))].join(', ')} (counts times a factor)`;
    const unused = variances ? ' (the per-pixel variances given are not used: a Poisson count\'s variance is its mean)' : '';
    return { term: DATA_TERMS.poisson, noise, reason: `Poisson: every map holds ${unit}${unused}`, weighted: false };
  }
  if (variances) return lsq('least squares: the maps are not counts and come with their per-pixel noise variances');
  const poissonLike = noise.every((z) => z.gain > 0 && z.floor <= POISSON_LIKE_FLOOR * z.gain * Math.max(z.mean, 0));
  if (poissonLike) {
    const gains = noise.map((z, i) => `${name(i)} ${z.gain.toPrecision(3)}`).join(', ');
    return { term: DATA_TERMS.poisson, noise, reason: `Poisson with a gain: the maps are not counts in steps, but their variance grows in proportion to the signal (gain per map ${gains}, estimated from neighbour differences)`, weighted: false };
  }
  return lsq('least squares: the maps are not counts and their noise does not grow with the signal');
}
