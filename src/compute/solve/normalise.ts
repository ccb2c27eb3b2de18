// Bringing the inputs to the solver's working units, and back (DESIGN.md §1, "normalisation").

import type { FusionInputs } from './inputs.js';
import type { Normalisation } from './params.js';
import { forwardModel } from '../model/forward.js';
import { boxBlur } from '../util/blur.js';
import { fitLine, meanStd, minMax } from '../util/stats.js';

export interface WorkingData {
  mode: Normalisation;
  /** b_i in working units, stacked. */
  maps: Float32Array;
  /** HAADF target h in the units of Σ a_i x_i^γ. */
  haadf: Float32Array;
  /** map_i(input units) = working · mapScale[i] + mapOffset[i] */
  mapScale: number[];
  mapOffset: number[];
  /** h = (HAADF − haadfOffset) / haadfScale */
  haadfScale: number;
  haadfOffset: number;
  /** What the normalisation had to decide, for the report. */
  notes: string[];
}

/** The reference's normalisation: every map and the HAADF min–max scaled to [0, 1], each on its own. */
export function normaliseReference(inputs: FusionInputs): WorkingData {
  const n = inputs.width * inputs.height;
  const maps = new Float32Array(n * inputs.maps.length);
  const mapScale: number[] = [], mapOffset: number[] = [];
  inputs.maps.forEach((map, i) => {
    const [lo, hi] = minMax(map);
    const range = hi - lo || 1;
    for (let k = 0; k < n; k++) maps[i * n + k] = (map[k]! - lo) / range; // (b − min) / (max − min)
    mapScale.push(range);
    mapOffset.push(lo);
  });
  const [lo, hi] = minMax(inputs.haadf);
  const haadfScale = hi - lo || 1;
  const haadf = new Float32Array(inputs.haadf.length);
  for (let k = 0; k < haadf.length; k++) haadf[k] = (inputs.haadf[k]! - lo) / haadfScale;
  return { mode: 'reference', maps, haadf, mapScale, mapOffset, haadfScale, haadfOffset: lo, notes: [] };
}

/** Radius of the box blur used for the first HAADF fit, where the raw maps are still noisy. */
const FIT_BLUR_RADIUS = 2;

/**
 * Count-preserving normalisation: all maps divided by one common scale c (the largest 99.9th percentile
 * of the lightly blurred maps), so x_i / Σ_j x_j is untouched; the HAADF's scale s and offset o in
 * HAADF ≈ s · Σ a_i x_i^γ + o are fitted by least squares against blurred maps (refined later by refitHaadf).
 */
export function normaliseCounts(inputs: FusionInputs, weights: ArrayLike<number>, gamma: number): WorkingData {
  const { width, height } = inputs;
  const n = width * height, ne = inputs.maps.length;
  let scale = 0;
  for (const map of inputs.maps) scale = Math.max(scale, minMax(boxBlur(map, width, height, 1))[1]);
  if (!(scale > 0)) for (const map of inputs.maps) scale = Math.max(scale, minMax(map)[1]);
  const maps = new Float32Array(n * ne);
  inputs.maps.forEach((map, i) => { for (let k = 0; k < n; k++) maps[i * n + k] = map[k]! / scale; });
  const smooth = new Float32Array(n * ne);
  for (let i = 0; i < ne; i++) smooth.set(boxBlur(maps, width, height, FIT_BLUR_RADIUS, i * n), i * n);
  const work: WorkingData = {
    mode: 'counts', maps, haadf: new Float32Array(n),
    mapScale: new Array<number>(ne).fill(scale), mapOffset: new Array<number>(ne).fill(0),
    haadfScale: 1, haadfOffset: 0, notes: [],
  };
  if (!refitHaadf(work, inputs.haadf, smooth, weights, gamma)) {
    matchHaadfMoments(work, inputs.haadf, smooth, weights, gamma);
    work.notes.push(
      'the HAADF does not increase with the elemental maps (least-squares scale ≤ 0; a bright-field image, maps from another region, ' +
      'or too few counts?): its scale and offset were set by matching mean and spread to Σ a_i x_i^γ instead; check the result',
    );
  }
  return work;
}

/** HAADF ≈ s·m + o with s = std(HAADF)/std(m), o = mean(HAADF) − s·mean(m): a positive scale whatever the correlation. */
function matchHaadfMoments(work: WorkingData, haadfInput: Float32Array, x: Float32Array, weights: ArrayLike<number>, gamma: number): void {
  const model = forwardModel(x, weights, gamma, haadfInput.length);
  const [mm, sm] = meanStd(model), [mh, sh] = meanStd(haadfInput);
  const slope = sm > 0 && sh > 0 ? sh / sm : 1;
  setHaadfTarget(work, haadfInput, slope, mh - slope * mm);
}

/** work.haadf = (HAADF − o) / s */
function setHaadfTarget(work: WorkingData, haadfInput: Float32Array, slope: number, intercept: number): void {
  work.haadfScale = slope;
  work.haadfOffset = intercept;
  for (let k = 0; k < haadfInput.length; k++) work.haadf[k] = (haadfInput[k]! - intercept) / slope;
}

/**
 * Re-estimate HAADF ≈ s · Σ a_i x_i^γ + o at iterate x and rewrite work.haadf = (HAADF − o) / s in place.
 * Returns false, changing nothing, when the fit has no positive scale (e.g. an iterate with no structure).
 */
export function refitHaadf(work: WorkingData, haadfInput: Float32Array, x: Float32Array, weights: ArrayLike<number>, gamma: number): boolean {
  const model = forwardModel(x, weights, gamma, haadfInput.length);
  const { slope, intercept } = fitLine(model, haadfInput);
  if (!(slope > 0)) return false;
  setHaadfTarget(work, haadfInput, slope, intercept);
  return true;
}

/**
 * Units of fused maps: `counts` mode returns the maps' own units (working · c); `reference` mode returns
 * the normalised [0, 1] units the reference code returns.
 */
export function resultUnits(work: WorkingData): string {
  return work.mode === 'counts' ? 'input map units (counts)' : 'min–max normalised, per map';
}

/** Element i of working-unit stack x, in result units (a copy). */
export function toResultUnits(work: WorkingData, x: Float32Array, i: number, pixels: number): Float32Array {
  const out = x.slice(i * pixels, (i + 1) * pixels);
  const s = work.mapScale[i]!;
  if (work.mode === 'counts') for (let k = 0; k < pixels; k++) out[k] = out[k]! * s;
  return out;
}

/** A map in result units (e.g. an earlier result, for a warm start) → working units. */
export function fromResultUnits(work: WorkingData, map: Float32Array, i: number): Float32Array {
  const s = work.mode === 'counts' ? work.mapScale[i]! : 1;
  return Float32Array.from(map, (v) => Math.max(0, v / s));
}
