// Bringing the inputs to the solver's working units, and back (DESIGN.md §1, "normalisation").

import type { FusionInputs } from './inputs.js';
import type { Normalisation } from './params.js';
import { forwardModel } from '../model/forward.js';
import { fitHaadfToModel, type HaadfBackground } from '../model/haadf-fit.js';
import { wasmHaadfTarget } from '../backend/cpu/wasm-refit.js';
import { chooseDataTerm, smoothVariance, varianceWeights, type DataTermChoice, type DataTermDecision, type DataTermModel } from '../model/data-terms/index.js';
import { boxBlur } from '../util/blur.js';
import { meanStd, minMax } from '../util/stats.js';
import { sharedFloat32 } from '../util/shared-array.js';

/** What the data term needs from the normalisation: which term, why, and each map's information κ per working unit. */
export interface WorkingDataTerm {
  term: DataTermModel;
  reason: string;
  /** κ_i (model/data-terms/types.ts); 1 each in reference mode, where λ_chem is the kernel weight. */
  information: number[];
}

export interface WorkingData {
  mode: Normalisation;
  /** b_i in working units, stacked (shared memory; fuse() turns them into the kernels' data b + ε in place once x⁰ is taken). */
  maps: Float32Array;
  /** HAADF target h in the units of Σ a_i x_i^γ (shared memory: the kernels read it, a refit rewrites it). */
  haadf: Float32Array;
  /** map_i(input units) = working · mapScale[i] + mapOffset[i] */
  mapScale: number[];
  mapOffset: number[];
  /** h = (HAADF − haadfOffset) / haadfScale */
  haadfScale: number;
  haadfOffset: number;
  /** Counts mode: the fitted smooth HAADF background (input units), h = (HAADF − background) / haadfScale; null = the constant haadfOffset. */
  haadfBackground: Float32Array | null;
  /** Which background the fit carries. */
  backgroundKind: HaadfBackground;
  dataTerm: WorkingDataTerm;
  /** Per-pixel weights of Ψ2 stacked as `maps` (least squares with the inputs' per-pixel variances); absent: 1. */
  mapWeights?: Float32Array;
  /** The initial iterate the data suggests for least squares in counts mode (working units, ≥ 0; absent otherwise: Poisson starts from the thresholded maps). */
  start?: Float32Array;
  /** What the normalisation had to decide, for the report. */
  notes: string[];
}

/** The reference's normalisation: every map and the HAADF min–max scaled to [0, 1], each on its own. */
export function normaliseReference(inputs: FusionInputs, dataTerm: DataTermChoice = 'poisson'): WorkingData {
  const n = inputs.width * inputs.height;
  const maps = sharedFloat32(n * inputs.maps.length);
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
  const haadf = sharedFloat32(n);
  for (let k = 0; k < n; k++) haadf[k] = (inputs.haadf[k]! - lo) / haadfScale;
  const variances = smoothedVariances(inputs);
  const decision = chooseDataTerm(inputs.maps.map((_, i) => maps.subarray(i * n, (i + 1) * n)), inputs.width, inputs.height, dataTerm, inputs.elements, variances);
  const mapWeights = weightsOf(decision, variances, n);
  return {
    mode: 'reference', maps, haadf, mapScale, mapOffset, haadfScale, haadfOffset: lo, haadfBackground: null, backgroundKind: 'offset',
    dataTerm: { term: decision.term, reason: decision.reason, information: inputs.maps.map(() => 1) },
    ...(mapWeights ? { mapWeights } : {}), notes: [],
  };
}

/** The inputs' per-pixel variances as the data term takes them (smoothed: variance-weights.ts), or undefined. */
function smoothedVariances(inputs: FusionInputs): Float32Array[] | undefined {
  return inputs.variances?.map((v) => smoothVariance(v, inputs.width, inputs.height));
}

/** The kernels' per-pixel weights of Ψ2 when the decision weighs least squares by the variances (relative: any map scale). */
function weightsOf(decision: DataTermDecision, variances: Float32Array[] | undefined, n: number): Float32Array | undefined {
  if (!decision.weighted || !variances) return undefined;
  const out = new Float32Array(n * variances.length);
  variances.forEach((v, i) => varianceWeights(v, out, i * n));
  return out;
}

/** Radius of the box blur used for the first HAADF fit, where the raw maps are still noisy. */
const FIT_BLUR_RADIUS = 2;

/**
 * Count-preserving normalisation: all maps divided by one common scale c (the largest maximum of the maps
 * box-blurred with radius 1, so one hot pixel counts a ninth; the plain maximum when that is 0), so x_i / Σ_j x_j is untouched; the HAADF's scale s and offset o in
 * HAADF ≈ s · Σ a_i x_i^γ + o are fitted by least squares against blurred maps (refined later by refitHaadf).
 */
export function normaliseCounts(inputs: FusionInputs, weights: ArrayLike<number>, gamma: number, dataTerm: DataTermChoice = 'auto', backgroundKind: HaadfBackground = 'offset'): WorkingData {
  const { width, height } = inputs;
  const n = width * height, ne = inputs.maps.length;
  let scale = 0;
  const blurred = new Float32Array(n);
  for (const map of inputs.maps) scale = Math.max(scale, minMax(boxBlur(map, width, height, 1, 0, blurred))[1]);
  if (!(scale > 0)) for (const map of inputs.maps) scale = Math.max(scale, minMax(map)[1]);
  const maps = sharedFloat32(n * ne);
  inputs.maps.forEach((map, i) => { for (let k = 0; k < n; k++) maps[i * n + k] = map[k]! / scale; });
  // the positive part of the lightly blurred maps: the HAADF fit's first iterate and the solver's start (x⁰ > 0 where
  // neighbours hold signal, so a zero-count pixel does not start at x = 0, where ∇Ψ1 ∝ x^(γ−1) vanishes and it stays dark)
  const smooth = new Float32Array(n * ne);
  for (let i = 0; i < ne; i++) boxBlur(maps, width, height, FIT_BLUR_RADIUS, i * n, smooth.subarray(i * n, (i + 1) * n));
  for (let k = 0; k < smooth.length; k++) smooth[k] = Math.max(0, smooth[k]!);
  const variances = smoothedVariances(inputs);
  const decision = chooseDataTerm(inputs.maps, width, height, dataTerm, inputs.elements, variances);
  const mapWeights = weightsOf(decision, variances, n);
  let start: Float32Array | undefined;
  if (decision.term.name === 'lsq') { // the start fuse() takes for least squares (Poisson starts from the thresholded maps)
    start = new Float32Array(n * ne);
    for (let i = 0; i < ne; i++) boxBlur(maps, width, height, 1, i * n, start.subarray(i * n, (i + 1) * n));
    for (let k = 0; k < start.length; k++) start[k] = Math.max(0, start[k]!);
  }
  const work: WorkingData = {
    mode: 'counts', maps, haadf: sharedFloat32(n),
    mapScale: new Array<number>(ne).fill(scale), mapOffset: new Array<number>(ne).fill(0),
    haadfScale: 1, haadfOffset: 0, haadfBackground: null, backgroundKind,
    dataTerm: { term: decision.term, reason: decision.reason, information: decision.noise.map((z) => decision.term.information(z, scale)) },
    ...(start ? { start } : {}), ...(mapWeights ? { mapWeights } : {}), notes: [],
  };
  if (!refitHaadf(work, inputs.haadf, smooth, weights, gamma, width, height)) {
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
function setHaadfTarget(work: WorkingData, haadfInput: Float32Array, slope: number, intercept: number, background: Float32Array | null = null): void {
  work.haadfScale = slope;
  work.haadfOffset = intercept;
  work.haadfBackground = background;
  for (let k = 0; k < haadfInput.length; k++) work.haadf[k] = (haadfInput[k]! - (background ? background[k]! : intercept)) / slope;
}

/**
 * Re-estimate HAADF ≈ s · Σ a_i x_i^γ + background at iterate x (model/haadf-fit.ts; the background work.backgroundKind)
 * and rewrite work.haadf = (HAADF − background) / s in place (both passes on the WebAssembly kernels where they run,
 * backend/cpu/wasm-refit.ts: the same numbers).
 * Returns false, changing nothing, when the fit has no positive scale (e.g. an iterate with no structure).
 */
export function refitHaadf(work: WorkingData, haadfInput: Float32Array, x: Float32Array, weights: ArrayLike<number>, gamma: number, width: number, height: number): boolean {
  const kind = work.backgroundKind;
  const fit = fitHaadfToModel(haadfInput, x, weights, gamma, width, height, kind);
  if (!fit || !(fit.scales[0]! > 0)) return false;
  const slope = fit.scales[0]!, offset = fit.background[0]!;
  if (kind !== 'quadratic') { // the target (and the ramp's image) in one pass
    const background = kind === 'ramp' ? (work.haadfBackground?.length === haadfInput.length ? work.haadfBackground : new Float32Array(haadfInput.length)) : null;
    if (wasmHaadfTarget(haadfInput, work.haadf, background, fit.background, slope, width, height)) {
      work.haadfScale = slope;
      work.haadfOffset = offset;
      work.haadfBackground = background;
      return true;
    }
  }
  setHaadfTarget(work, haadfInput, slope, offset, kind === 'offset' ? null : fit.backgroundImage);
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

/** The elements of working-unit stack x in result units: x itself, scaled in place, one view per element. */
export function stackToResultUnits(work: WorkingData, x: Float32Array, elements: number, pixels: number): Float32Array[] {
  return Array.from({ length: elements }, (_, i) => {
    const out = x.subarray(i * pixels, (i + 1) * pixels);
    const s = work.mapScale[i]!;
    if (work.mode === 'counts') for (let k = 0; k < pixels; k++) out[k] = out[k]! * s;
    return out;
  });
}

/** A map in result units (e.g. an earlier result, for a warm start) → working units. */
export function fromResultUnits(work: WorkingData, map: Float32Array, i: number): Float32Array {
  const s = work.mode === 'counts' ? work.mapScale[i]! : 1;
  const out = new Float32Array(map.length);
  for (let k = 0; k < map.length; k++) out[k] = Math.max(0, map[k]! / s);
  return out;
}
