// A region's composition histogram with its Gaussian fits, as the measure panel draws it and `fusem quantify` reports it.

import { regionConcentrationValues } from './concentration.js';
import { fitGaussianModels, mixtureDensity, type GaussianModelsResult } from './gaussian-fit.js';
import { concentrationHistogram, type Histogram } from './histogram.js';

export interface HistogramFit {
  histogram: Histogram;
  fits: GaussianModelsResult;
  /** Fitted curve (counts per bin) at `curveX`, for drawing. */
  curveX: Float64Array;
  curveY: Float64Array;
  /** Values in percent. */
  values: Float64Array;
}

/**
 * Histogram (percent) of element `index`'s relative concentration at the region's used pixels, and its 1-/2-Gaussian
 * fit. The bins cover the values' range (at least 10 percentage points, within 0–100 %), about 2·√n of them, 8 to 50.
 */
export function regionConcentrationHistogram(stack: ArrayLike<number>, elementCount: number, index: number, mask: Uint8Array): HistogramFit {
  const frac = regionConcentrationValues(stack, elementCount, index, mask);
  const values = frac.map((v) => 100 * v);
  const range = histogramRange(values);
  const bins = Math.max(8, Math.min(50, Math.round(2 * Math.sqrt(values.length))));
  const histogram = concentrationHistogram(values, { bins, range });
  const fits = fitGaussianModels(values, { minSigma: 0.01 });
  const k = 200;
  const curveX = Float64Array.from({ length: k + 1 }, (_, i) => range[0] + ((range[1] - range[0]) * i) / k);
  const curveY = new Float64Array(k + 1);
  if (fits.ok) {
    const scale = histogram.total * histogram.binWidth;
    for (let i = 0; i <= k; i++) curveY[i] = scale * mixtureDensity(fits.best.components, curveX[i]!);
  }
  return { histogram, fits, curveX, curveY, values };
}

/** The histogram's range: the values' extent padded by a quarter each side, ≥ 10 points wide, clipped to 0–100. */
export function histogramRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return [0, 100];
  const pad = (hi - lo) * 0.25;
  lo -= pad;
  hi += pad;
  if (hi - lo < 10) {
    const c = (lo + hi) / 2;
    lo = c - 5;
    hi = c + 5;
  }
  lo = Math.max(0, lo);
  hi = Math.min(100, hi);
  return hi > lo ? [lo, hi] : [0, 100];
}
