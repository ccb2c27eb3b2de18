// Measurements on the maps in the renderer (pure functions over Float32Arrays, the quant module underneath):
// region composition and its histogram with Gaussian fits, and line profiles of raw and fused maps.

import {
  histogramRange, lineProfile, regionConcentrationHistogram, regionMask, regionStatistics, type HistogramFit, type LineProfile,
} from '../../../compute/quant/index.js';
import { toMaskShape, type RoiShape } from './shapes.js';
import { stackMaps } from '../../../compute/util/stack.js';
import { formatSig } from '../../../compute/util/format.js';

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
  if (maps.elements.length === 0) return { ok: false, error: 'no element maps yet (a spectrum image gets them on its Spectrum tab: pick elements, then Make maps)' };
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

export type { HistogramFit } from '../../../compute/quant/index.js';

/** The histogram (percent) of element `index`'s relative concentration in the measured region, with its Gaussian fits. */
export function regionHistogram(m: Extract<RegionMeasure, { ok: true }>, elementCount: number, index: number): HistogramFit {
  return regionConcentrationHistogram(m.stack, elementCount, index, m.mask);
}

export { histogramRange };

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

/** The raw maps with the HAADF first, so a line profile traces it too; the maps alone when the HAADF is another size. */
export function withHaadf(raw: Maps, haadf: { width: number; height: number; data: Float32Array } | null | undefined): Maps {
  if (!haadf || haadf.width !== raw.width || haadf.height !== raw.height) return raw;
  return { ...raw, elements: ['HAADF', ...raw.elements], data: [haadf.data, ...raw.data] };
}

/** A line's length in calibrated units when the pixel size is known (and in pixels), else in pixels. */
export function lineLength(p: { x0: number; y0: number; x1: number; y1: number }, calibration: { value: number; unit: string } | null): string {
  const px = Math.hypot(p.x1 - p.x0, p.y1 - p.y0);
  return calibration ? `${formatSig(px * calibration.value)} ${calibration.unit} (${px.toFixed(0)} px)` : `${px.toFixed(0)} px (no pixel size)`;
}
