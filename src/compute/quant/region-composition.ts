// The composition of a region, as `fusem quantify` reports it: per element the relative concentration c_i = x_i / Σ_j x_j
// over the region's used pixels (mean, spread, region sum, each ± its standard error when the maps have standard
// errors) and the 1-/2-Gaussian fit of its histogram (gaussian-fit.ts; BIC chooses).

import { regionStatistics, type ElementStatistics } from './concentration.js';
import type { GaussianComponent } from './gaussian-fit.js';
import { regionConcentrationHistogram } from './region-histogram.js';

export interface ElementComposition extends ElementStatistics {
  /** The histogram fit of the per-pixel c_i (fractions); null when there are too few values to fit. */
  fit: { gaussians: 1 | 2; components: GaussianComponent[] } | null;
}

export type RegionComposition =
  | { ok: true; pixels: number; used: number; excluded: number; threshold: number; elements: ElementComposition[] }
  | { ok: false; error: string };

/**
 * Composition inside `mask` of the maps `stack` (element after element, width·height each), with per-pixel standard
 * errors `stderr` (stacked alike) when known. Pixels whose Σ_j x_j is below 5 % of the image's largest are vacuum
 * (excluded and counted), as in the app's measure panel.
 */
export function regionComposition(
  stack: ArrayLike<number>, elements: readonly string[], mask: Uint8Array, stderr?: ArrayLike<number>,
): RegionComposition {
  const stats = regionStatistics(stack, elements, mask, stderr ? { stderr } : {});
  if (!stats.ok) return { ok: false, error: stats.error };
  const out: ElementComposition[] = stats.elements.map((e, i) => {
    const { fits } = regionConcentrationHistogram(stack, elements.length, i, mask);
    // the histogram is in percent; the fit is reported in fractions, like the statistics
    const fit = fits.ok
      ? { gaussians: fits.chosen, components: fits.best.components.map((c) => ({ weight: c.weight, mean: c.mean / 100, sigma: c.sigma / 100 })) }
      : null;
    return { ...e, fit };
  });
  return { ok: true, pixels: stats.pixels, used: stats.used, excluded: stats.excluded, threshold: stats.threshold, elements: out };
}
