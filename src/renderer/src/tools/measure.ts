// Measurements on the maps in the renderer (pure functions over Float32Arrays, the quant module underneath):
// region composition and its histogram with Gaussian fits, and line profiles of raw and fused maps.

import {
  concentrationHistogram, fitGaussianModels, lineProfile, mixtureDensity, regionConcentrationValues, regionMask, regionStatistics,
  type GaussianModelsResult, type Histogram, type LineProfile,
} from '../../../compute/quant/index.js';
import type { QuantifyRegionResult } from '../../../shared/api/schemas/quantify.js';
import { toMaskShape, type RoiShape } from './shapes.js';
import { stackMaps } from '../../../compute/util/stack.js';

export interface Maps {
  elements: string[];
  width: number;
  height: number;
  /** Element i's map, each width × height. */
  data: Float32Array[];
}

/** The maps stacked element after element, as the quant module takes them. */
export const stack = (maps: Maps): Float32Array => stackMaps(maps.data);

export type RegionMeasure =
  | { ok: true; pixels: number; used: number; excluded: number; mask: Uint8Array; stack: Float32Array;
      composition: { element: string; mean: number; std: number }[] }
  | { ok: false; error: string };

/** Composition (percent, mean ± std of the per-pixel relative concentration) inside `shape`, computed here. */
export function measureRegion(maps: Maps, shape: RoiShape): RegionMeasure {
  const m = regionMask(toMaskShape(shape), maps.width, maps.height);
  if (!m.ok) return { ok: false, error: m.error };
  const s = stack(maps);
  const stats = regionStatistics(s, maps.elements, m.mask);
  if (!stats.ok) return { ok: false, error: stats.error };
  return {
    ok: true, pixels: stats.pixels, used: stats.used, excluded: stats.excluded, mask: m.mask, stack: s,
    composition: stats.elements.map((e) => ({ element: e.element, mean: 100 * e.mean, std: 100 * e.std })),
  };
}

/** The same numbers in the shape quantify.region answers, for the view to show either. */
export function asQuantifyResult(m: Extract<RegionMeasure, { ok: true }>, units: string, compositionUnit: string): QuantifyRegionResult {
  return {
    pixels: m.pixels, units, compositionUnit,
    elements: m.composition.map((c) => ({ element: c.element, signal: { mean: NaN, std: 0 }, percent: { mean: c.mean, std: c.std }, percentStderr: null })),
  };
}

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
 * Histogram (percent) of element `index`'s relative concentration in the region, and its 1-/2-Gaussian fit. The bins
 * cover the values' range (at least 10 percentage points, within 0–100 %), about 2·√n of them, 8 to 50.
 */
export function regionHistogram(m: Extract<RegionMeasure, { ok: true }>, elementCount: number, index: number): HistogramFit {
  const frac = regionConcentrationValues(m.stack, elementCount, index, m.mask);
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

export interface ProfileSeries { name: string; kind: 'raw' | 'fused'; element: string; values: Float64Array }

export interface ProfileData {
  profile: LineProfile;
  series: ProfileSeries[];
  /** Calibrated distance when a pixel size is known, else pixels. */
  distance: Float64Array;
  unit: string;
}

/** Profiles of every raw and fused map along the line, averaged over `width` pixels across. */
export function profileOf(
  line: { x0: number; y0: number; x1: number; y1: number; width: number },
  raw: Maps, fused: Maps | null, pixelSize: { value: number; unit: string } | null,
): ProfileData {
  const sets: { kind: 'raw' | 'fused'; maps: Maps }[] = [{ kind: 'raw', maps: raw }];
  if (fused) sets.push({ kind: 'fused', maps: fused });
  const names: ProfileSeries[] = [];
  const parts: Float32Array[] = [];
  for (const { kind, maps } of sets) {
    maps.elements.forEach((el, i) => {
      names.push({ name: `${el}_${kind}`, kind, element: el, values: new Float64Array(0) });
      parts.push(maps.data[i]!);
    });
  }
  const n = raw.width * raw.height;
  const all = new Float32Array(n * parts.length);
  parts.forEach((p, i) => all.set(p, i * n));
  const profile = lineProfile(all, raw.width, raw.height, line, {
    lineWidth: Math.max(1, Math.round(line.width)),
    ...(pixelSize ? { pixelSize: pixelSize.value, unit: pixelSize.unit } : {}),
  });
  const series = names.map((s, i) => ({ ...s, values: profile.values[i]! }));
  return {
    profile, series,
    distance: profile.calibrated?.distance ?? profile.distance,
    unit: profile.calibrated?.unit ?? 'px',
  };
}
