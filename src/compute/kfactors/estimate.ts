// Per-element sensitivities k_i (map counts per atom, relative) estimated from the HAADF (DESIGN.md §1, "What the maps
// measure"). With b_i ~ Poisson(y_i), y_i = k_i x_i, the HAADF model s Σ_i a_i x_i^γ = Σ_i w_i y_i^γ with
// w_i = s a_i k_i^−γ: unknown k_i are unknown HAADF weights on the features y_i^γ. Regress the HAADF on y_i^γ plus a
// smooth background (offset + ramp); then k_i/k_ref = (a_i w_ref / (a_ref w_i))^(1/γ). Only ratios are identifiable,
// and only where the features are not collinear (the composition varies across the field of view).
//
// The features must be unbiased: y^γ of noisy or blurred counts is not (Jensen), and the fused maps are pulled towards
// whatever weights the fusion assumed. So the counts are split by Poisson thinning into independent halves b¹, b²; a
// pilot ŷ from blurred b¹ is the expansion point of a second-order unbiased estimate of (y/2)^γ from b²,
//   f = ŷ^γ + γŷ^(γ−1)(b² − ŷ) + ½γ(γ−1)ŷ^(γ−2)((b² − ŷ)² − b²)      (E[(b² − ŷ)² − b²] = (y/2 − ŷ)² for Poisson b²),
// which may then be pooled over a window like the HAADF (both linear); the pilot's pooled ŷ^γ is the instrument of an
// instrumental-variables fit (noise in f is independent of it, so the fit is not attenuated), and the halves swap.
// Maps that are not raw counts cannot be thinned: they are split by a checkerboard instead (the pilot from one colour's
// pixels, the features from the other's, noise taken independent between pixels), with var(b) = gain·b + floor
// estimated from the map (noise-model.ts) in the second-order term.

import { isCountData, thinnedFirstHalves } from '../autoparams/thinning.js';
import { createRng } from '../simulate/random.js';
import { boxBlur } from '../util/blur.js';
import { powFloat32 } from '../backend/cpu/fast-pow.js';
import { conditioningOfGram, solveLinear, tileLabels } from './least-squares.js';
import { logRatioCovariance, sandwich, scoreCovariance } from './sandwich.js';
import { estimateMapNoise } from './noise-model.js';
import { phasesOfMaps } from './phases.js';

export interface SensitivityEstimate {
  elements: string[];
  /** The element whose sensitivity is fixed at 1. */
  reference: string;
  /** k_i / k_ref, NaN where the fit gave a weight ≤ 0. */
  ratios: number[];
  /**
   * Standard error of each ratio: the larger of the fit's HAC sandwich and its 4 × 4 block jackknife (errorSources), × 1.087
   * (Student t, 15 degrees of freedom); 0 for the reference, NaN when the fit fails.
   */
  standardErrors: number[];
  /** Covariance of log(k_i/k_ref) (ne × ne, row-major; the reference's row and column 0): the sandwich's correlations, scaled to standardErrors. */
  logCovariance: number[];
  /** The two error estimates standardErrors takes the larger of, per ratio. */
  errorSources: { sandwich: number[]; jackknife: number[] };
  /** Condition number of the feature block of the instruments' information (background profiled out); ∞ when singular. */
  conditioning: number;
  /** The fitted HAADF weights w_i on y_i^γ, scaled so the largest |w_i| is 1 (a weight ≤ 0 means the model does not fit). */
  haadfWeights: number[];
  /** How the maps were split into independent halves. */
  split: 'thinning' | 'checkerboard';
  /** Phases the maps show: composition vectors every pixel is a mixture of (phases.ts); fewer than the elements → not identifiable. */
  phases: number;
  /** Whether the features are not collinear (conditioning ≤ COLLINEAR_CONDITIONING) and every ratio is finite with a relative standard error ≤ IDENTIFIABLE_RELATIVE_SE. */
  identifiable: boolean;
  /** One plain sentence: what the HAADF says about the sensitivities. */
  verdict: string;
}

/** Spatial blocks per side of the jackknife (B² blocks, each a union of tiles)… */
export const JACKKNIFE_BLOCKS = 4;
/** …so its errors have 15 degrees of freedom: t_0.975,15 / z_0.975 = 2.131 / 1.960 (a stated ± 1.96 SE is the t interval). */
const T_SCALE = 2.1314 / 1.96;
/** Tiles of the sandwich error: at least this many pixels a side (larger on large images: at most 128 tiles a side)… */
const ERROR_TILE = 8;
const MAX_TILES = 128;
/** …and the scores of tiles up to this many tiles apart are taken as correlated (Bartlett weights, sandwich.ts). */
export const ERROR_LAG = 2;
/** A ratio counts as identified when its relative standard error is at most this. */
export const IDENTIFIABLE_RELATIVE_SE = 0.1;
/** Blur radius of the pilot and pooling radius of features and HAADF, pixels. */
const PILOT_RADIUS = 2;
const POOL_RADIUS = 3;
/** Smallest expansion point, in counts of a half map (where ŷ → 0 the expansion's ŷ^(γ−2) diverges). */
const PILOT_FLOOR = 0.25;

export interface EstimateOptions {
  /** Index of the element fixed at 1 (default 0). */
  reference?: number;
  /** Seed of the Poisson thinning (default 1): the estimate is deterministic for a seed. */
  seed?: number;
  /** How the maps are split into independent halves: Poisson thinning (raw counts) or a checkerboard (any maps); default: thinning for counts. */
  split?: 'thinning' | 'checkerboard';
  /** Tiles apart whose scores count as correlated in the error (default ERROR_LAG). */
  errorLag?: number;
}

/** A design column: a full image, or one made a row at a time (the background's 1, u, v: no full-size image). */
type Column = Float32Array | RowColumn;
interface RowColumn {
  /** The `width` values of row y (in a buffer the next call may reuse). */
  row(y: number): Float32Array;
}

/** Background columns 1, u, v (u, v the pixel position scaled to [−1, 1], float32): the HAADF's offset and ramp, a row at a time. */
function backgroundRows(width: number, height: number): RowColumn[] {
  const one = new Float32Array(width).fill(1);
  const u = Float32Array.from({ length: width }, (_, x) => (width > 1 ? (2 * x) / (width - 1) - 1 : 0));
  const v = new Float32Array(width);
  return [{ row: () => one }, { row: () => u }, { row: (y) => v.fill(height > 1 ? (2 * y) / (height - 1) - 1 : 0) }];
}

/** Row y of each column as (array, index of the row's first pixel in it). */
function rowsOf(columns: readonly Column[], y: number, width: number, arrays: Float32Array[], offsets: Int32Array): void {
  columns.forEach((c, j) => {
    if (c instanceof Float32Array) { arrays[j] = c; offsets[j] = y * width; } else { arrays[j] = c.row(y); offsets[j] = 0; }
  });
}

/**
 * sums[at + k] += Σ_{q0 ≤ q < q1} z[oz + q]·x_k[o_k + q] for k < count, each sum in order of q: four columns per pass, then
 * two, then one (independent running sums, so the additions do not wait on each other; each is the same sequence as alone).
 */
function dotsInto(sums: Float64Array, at: number, z: Float32Array, oz: number, xs: readonly Float32Array[], xo: Int32Array, count: number, q0: number, q1: number): void {
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const x0 = xs[k]!, x1 = xs[k + 1]!, x2 = xs[k + 2]!, x3 = xs[k + 3]!;
    const o0 = xo[k]!, o1 = xo[k + 1]!, o2 = xo[k + 2]!, o3 = xo[k + 3]!;
    let a0 = sums[at + k]!, a1 = sums[at + k + 1]!, a2 = sums[at + k + 2]!, a3 = sums[at + k + 3]!;
    for (let q = q0; q < q1; q++) {
      const zq = z[oz + q]!;
      a0 += zq * x0[o0 + q]!; a1 += zq * x1[o1 + q]!; a2 += zq * x2[o2 + q]!; a3 += zq * x3[o3 + q]!;
    }
    sums[at + k] = a0; sums[at + k + 1] = a1; sums[at + k + 2] = a2; sums[at + k + 3] = a3;
  }
  if (k + 2 <= count) {
    const x0 = xs[k]!, x1 = xs[k + 1]!, o0 = xo[k]!, o1 = xo[k + 1]!;
    let a0 = sums[at + k]!, a1 = sums[at + k + 1]!;
    for (let q = q0; q < q1; q++) { const zq = z[oz + q]!; a0 += zq * x0[o0 + q]!; a1 += zq * x1[o1 + q]!; }
    sums[at + k] = a0; sums[at + k + 1] = a1;
    k += 2;
  }
  if (k < count) {
    const xk = xs[k]!, ok = xo[k]!;
    let a = sums[at + k]!;
    for (let q = q0; q < q1; q++) a += z[oz + q]! * xk[ok + q]!;
    sums[at + k] = a;
  }
}

/** Gram matrix Σ_p c_i[p] c_j[p] (lower triangle, row-major m × m) of the columns: each sum over the pixels in raster order. */
function gramByRows(columns: readonly Column[], width: number, height: number): Float64Array {
  const m = columns.length;
  const G = new Float64Array(m * m);
  const arrays: Float32Array[] = [], offsets = new Int32Array(m);
  for (let y = 0; y < height; y++) {
    rowsOf(columns, y, width, arrays, offsets);
    for (let i = 0; i < m; i++) dotsInto(G, i * m, arrays[i]!, offsets[i]!, arrays, offsets, i + 1, 0, width);
  }
  return G;
}

/** b² = b − b¹ (exact: integers). */
function secondHalf(map: Float32Array, first: Float32Array, out: Float32Array): Float32Array {
  for (let k = 0; k < map.length; k++) out[k] = map[k]! - first[k]!;
  return out;
}

/**
 * f = ŷ^γ + γŷ^(γ−1)(b − ŷ) + ½γ(γ−1)ŷ^(γ−2)((b − ŷ)² − v): second-order unbiased for E[b]^γ when ŷ is independent of b
 * and E[v] = var(b) (v = b for Poisson counts: gain 1, floor 0). `floorPilot`: the smallest expansion point.
 */
export function unbiasedPowerFeature(b: Float32Array, pilot: Float32Array, gamma: number, noise = { gain: 1, floor: 0 }, floorPilot = PILOT_FLOOR, out: Float32Array = new Float32Array(b.length)): Float32Array {
  const { gain, floor } = noise;
  const c1 = gamma, c2 = 0.5 * gamma * (gamma - 1);
  const pilotBits = new Int32Array(pilot.buffer, pilot.byteOffset, pilot.length);
  const floorBits = new Int32Array(Float32Array.of(floorPilot).buffer)[0]!;
  const floorPower = Math.fround(floorPilot) === floorPilot ? powFloat32(floorPilot, floorBits, gamma) : Math.pow(floorPilot, gamma);
  for (let p = 0; p < b.length; p++) { // one typed pass; y0^(γ−1), y0^(γ−2) from y0^γ by division (one power per pixel, fast-pow.ts)
    const bp = b[p]!;
    const pp = pilot[p]!;
    const below = pp < floorPilot; // y0 = max(floor, ŷ)
    const y0 = below ? floorPilot : pp;
    const g0 = below ? floorPower : powFloat32(pp, pilotBits[p]!, gamma);
    const d = bp - y0;
    const v = gain * bp + floor;
    const g1 = g0 / y0, g2 = g1 / y0;
    out[p] = g0 + c1 * g1 * d + c2 * g2 * (d * d - v);
  }
  return out;
}

/** max(v, 0)^γ per pixel, in one typed pass (the instruments' pilot powers). */
function positivePower(img: Float32Array, gamma: number, out: Float32Array = new Float32Array(img.length)): Float32Array {
  const bits = new Int32Array(img.buffer, img.byteOffset, img.length);
  for (let p = 0; p < img.length; p++) { const v = img[p]!; out[p] = v > 0 ? powFloat32(v, bits[p]!, gamma) : 0; }
  return out;
}

/** Mean over the pixels with mask[p] = 1 within the box of `radius` around every pixel (0 where there is none). */
function maskedBlur(img: Float32Array, mask: Float32Array, width: number, height: number, radius: number): Float32Array {
  const masked = new Float32Array(img.length);
  for (let p = 0; p < img.length; p++) masked[p] = img[p]! * mask[p]!;
  const num = boxBlur(masked, width, height, radius);
  const den = boxBlur(mask, width, height, radius);
  for (let p = 0; p < num.length; p++) num[p] = den[p]! > 0 ? num[p]! / den[p]! : 0;
  return num;
}

/** The two designs of a checkerboard split: pilots from one colour's pixels, features (and pooling) over the other's. */
function checkerboardDesigns(maps: readonly Float32Array[], haadf: Float32Array, width: number, height: number, gamma: number, background: Column[], each: (design: Design, target: Float32Array) => void): void {
  const noise = maps.map((m) => estimateMapNoise(m, width, height));
  const colours = [0, 1].map((c) => {
    const colour = new Float32Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) colour[y * width + x] = (x + y) % 2 === c ? 1 : 0;
    return colour;
  });
  for (const [a, b] of [[0, 1], [1, 0]] as const) {
    const pilots = maps.map((m) => maskedBlur(m, colours[a]!, width, height, PILOT_RADIUS));
    const X = maps.map((m, i) => {
      let peak = 0;
      for (const v of pilots[i]!) peak = Math.max(peak, Math.abs(v));
      const scale = Math.max(noise[i]!.gain, 1e-6 * peak); // the pilot floor in this map's units (counts × gain)
      return maskedBlur(unbiasedPowerFeature(m, pilots[i]!, gamma, noise[i]!, PILOT_FLOOR * scale), colours[b]!, width, height, POOL_RADIUS);
    });
    const Z = pilots.map((m) => maskedBlur(positivePower(m, gamma), colours[b]!, width, height, POOL_RADIUS));
    each({ X: [...X, ...background], Z: [...Z, ...background] }, maskedBlur(haadf, colours[b]!, width, height, POOL_RADIUS));
  }
}

/** k_i/k_ref = (a_i w_ref / (a_ref w_i))^(1/γ) from fitted weights w and physical weights a. */
export function ratiosFromWeights(w: ArrayLike<number>, a: ArrayLike<number>, gamma: number, ref: number): number[] {
  return Array.from({ length: a.length }, (_, i) => {
    const q = (a[i]! * w[ref]!) / (a[ref]! * w[i]!);
    return w[i]! > 0 && w[ref]! > 0 && q > 0 ? Math.pow(q, 1 / gamma) : NaN;
  });
}

interface Design { X: Column[]; Z: Column[] }

/** Z-weighted normal equations Σ_p z_p x_pᵀ β = Σ_p z_p t_p of one tile each, summed over designs (each with its target). */
interface BlockSystems {
  /** Columns (features + background). */
  m: number;
  /** Per tile: A (m × m, row-major) then rhs (m), (m² + m) float64 each. */
  sums: Float64Array;
  blocks: number;
}

/** Every tile's normal equations, none added yet (their sum is the fit; each tile's scores r_t − A_t β give its error). */
function emptyBlockSystems(m: number, blocks: number): BlockSystems {
  return { m, sums: new Float64Array(blocks * (m * m + m)), blocks };
}

/**
 * One design (and its target) added to the normal equations of each pixel's tile. Each sum runs over its tile's pixels
 * in raster order (a row's run of one tile at a time, one column pair per loop: the additions of a pixel-by-pixel pass).
 */
function addDesign(s: BlockSystems, { X, Z }: Design, target: Float32Array, labels: Uint16Array, width: number): void {
  const { m, sums } = s;
  const n = target.length, size = m * m + m;
  const zs: Float32Array[] = [], xs: Float32Array[] = [], zo = new Int32Array(m), xo = new Int32Array(m);
  for (let row = 0; row < n; row += width) {
    rowsOf(Z, row / width, width, zs, zo);
    rowsOf(X, row / width, width, xs, xo);
    for (let a = row, end = row + width; a < end;) {
      const label = labels[a]!;
      let b = a + 1;
      while (b < end && labels[b] === label) b++;
      const o = label * size, q0 = a - row, q1 = b - row; // the run's columns within the row
      for (let j = 0; j < m; j++) {
        const zj = zs[j]!, oz = zo[j]!;
        let r = sums[o + m * m + j]!;
        for (let q = q0; q < q1; q++) r += zj[oz + q]! * target[row + q]!;
        sums[o + m * m + j] = r;
        dotsInto(sums, o + j * m, zj, oz, xs, xo, m, q0, q1);
      }
      a = b;
    }
  }
}

/** The normal equations summed over all tiles: A (m × m) then r (m). */
function summedSystem(s: BlockSystems): Float64Array {
  const { m, sums, blocks } = s;
  const size = m * m + m;
  const total = new Float64Array(size);
  for (let b = 0; b < blocks; b++) for (let j = 0; j < size; j++) total[j]! += sums[b * size + j]!;
  return total;
}

/** The instrumental-variables fit A β = r over all tiles. */
function instrumentalFit(s: BlockSystems): Float64Array | null {
  const total = summedSystem(s);
  return solveLinear(total.subarray(0, s.m * s.m), total.subarray(s.m * s.m), s.m);
}

/** What a verdict says, from the ratios and their errors. */
/**
 * Above this conditioning the features are called collinear (the composition hardly varies across the field) and the
 * ratios are not claimed whatever their standard errors: collinearity amplifies the estimator's small biases (on the
 * core–shell phantom, conditioning 150–700, k = 1 came out 0.53 ± 0.11 at chemical SNR 2.5), which no variance shows.
 */
export const COLLINEAR_CONDITIONING = 30;

function verdictOf(elements: readonly string[], ratios: number[], se: number[], weights: number[], reference: number, conditioning: number, phases: number): { identifiable: boolean; verdict: string } {
  const fewPhases = phases < elements.length;
  const collinear = fewPhases || !(conditioning <= COLLINEAR_CONDITIONING);
  const bad = elements.filter((_, i) => i !== reference && (collinear || !(Number.isFinite(ratios[i]!) && Number.isFinite(se[i]!) && se[i]! <= IDENTIFIABLE_RELATIVE_SE * ratios[i]!)));
  const cond = Number.isFinite(conditioning) ? conditioning.toPrecision(2) : '∞';
  if (bad.length === 0) return { identifiable: true, verdict: `k-ratios identifiable from the HAADF (every relative standard error ≤ ${IDENTIFIABLE_RELATIVE_SE * 100} %, conditioning ${cond} ≤ ${COLLINEAR_CONDITIONING})` };
  const negative = elements.filter((_, i) => !(weights[i]! > 0));
  const ne = elements.length;
  const why = fewPhases
    ? `fewer phases than elements: every pixel is a mixture of ${phases} composition${phases === 1 ? '' : 's'} for ${ne} elements, so the HAADF regression has rank ${phases} and ${ne} counts per atom cannot all be told apart whatever the noise (only γ ≠ 1 separates them, weakly)${conditioning > COLLINEAR_CONDITIONING ? `; the element maps are nearly collinear (conditioning ${cond} > ${COLLINEAR_CONDITIONING})` : ` (the features' conditioning ${cond} alone would not show it)`}`
    : collinear
    ? `the element maps are nearly collinear (conditioning ${cond} > ${COLLINEAR_CONDITIONING}): the composition varies too little across the field, or only along one mixing line`
    : negative.length > 0
      ? `the HAADF does not follow Σ a_i (x_i)^γ with a positive weight for ${negative.join(', ')} (conditioning ${cond} is fine: γ, the background or maps not proportional to atoms?)`
      : `relative standard error > ${IDENTIFIABLE_RELATIVE_SE * 100} % (too few counts or too little variation; conditioning ${cond})`;
  return {
    identifiable: false,
    verdict: `not identifiable from the HAADF: the k-ratio of ${bad.join(', ')} is undetermined — ${why}; give k-factors for atomic %`,
  };
}

/**
 * Estimate k_i/k_ref from count maps b_i (raw counts: they are split by Poisson thinning) and the HAADF, given the
 * physical Z-weights a_i (e.g. the paper's Z_i^γ) and γ.
 */
export function estimateSensitivities(
  elements: readonly string[], maps: readonly Float32Array[], haadf: Float32Array, width: number, height: number,
  physicalWeights: ArrayLike<number>, gamma: number, options: EstimateOptions = {},
): SensitivityEstimate {
  const reference = options.reference ?? 0;
  const ne = elements.length;
  const split = options.split ?? (isCountData(maps) ? 'thinning' : 'checkerboard');
  const phases = phasesOfMaps(maps, width, height, split, options.seed ?? 1).phases; // fewer than the elements: not identifiable
  const background = backgroundRows(width, height);
  const pool = (img: Float32Array) => boxBlur(img, width, height, POOL_RADIUS);
  // the designs one at a time, each added to the normal equations and dropped (a design is 2·ne full-size images)
  const tiles = tileLabels(width, height, Math.max(ERROR_TILE, Math.ceil(Math.max(width, height) / MAX_TILES)));
  const systems = emptyBlockSystems(ne + background.length, tiles.tilesX * tiles.tilesY);
  const labels = tiles.labels;
  let conditioning: number | undefined;
  const add = (design: Design, target: Float32Array) => {
    conditioning ??= conditioningOfGram(gramByRows(design.Z, width, height), design.Z.length, ne); // of the first design's instruments
    addDesign(systems, design, target, labels, width);
  };
  if (split === 'thinning') {
    if (!isCountData(maps)) throw new RangeError('Poisson thinning needs raw counts (non-negative integers); use the checkerboard split');
    const half1 = thinnedFirstHalves(maps, createRng(options.seed ?? 1, 0x6b));
    // every image of both designs in buffers made once (garbage that the collector frees late was the peak at 4096²)
    const images = () => maps.map(() => new Float32Array(width * height));
    const pilots = images(), X = images(), Z = images();
    const half2 = new Float32Array(width * height), power = new Float32Array(width * height);
    const half = (i: number, which: number) => (which === 1 ? half1[i]! : secondHalf(maps[i]!, half1[i]!, half2)); // b², made when needed
    const target = pool(haadf);
    for (const [pilotHalf, featureHalf] of [[1, 2], [2, 1]] as const) {
      maps.forEach((_, i) => boxBlur(half(i, pilotHalf), width, height, PILOT_RADIUS, 0, pilots[i]!));
      maps.forEach((_, i) => boxBlur(unbiasedPowerFeature(half(i, featureHalf), pilots[i]!, gamma, undefined, undefined, power), width, height, POOL_RADIUS, 0, X[i]!));
      pilots.forEach((m, i) => boxBlur(positivePower(m, gamma, power), width, height, POOL_RADIUS, 0, Z[i]!));
      add({ X: [...X, ...background], Z: [...Z, ...background] }, target);
    }
  } else {
    checkerboardDesigns(maps, haadf, width, height, gamma, background, add);
  }
  const nan = new Array<number>(ne).fill(NaN);
  const fit = instrumentalFit(systems);
  const ratios = fit ? ratiosFromWeights(fit.subarray(0, ne), physicalWeights, gamma, reference) : nan;
  const m = systems.m;
  const V = fit ? sandwich(summedSystem(systems).subarray(0, m * m), scoreCovariance({ ...systems, ...tiles }, fit, options.errorLag ?? ERROR_LAG), m) : null;
  const sandwichLogCov = fit && V ? logRatioCovariance(fit, V, m, ne, gamma, reference) : new Float64Array(ne * ne).fill(NaN);
  const sandwichSe = ratios.map((r, i) => (i === reference ? 0 : r * Math.sqrt(sandwichLogCov[i * ne + i]!))); // SE(k) = k·SD(log k)
  const jackknifeSe = fit ? jackknife(blocksOfTiles(systems, tiles.tilesX, tiles.tilesY, JACKKNIFE_BLOCKS), (f) => ratiosFromWeights(f.subarray(0, ne), physicalWeights, gamma, reference), ne) : nan;
  // the sandwich is stable but first-order: on fixed phantoms its SD fell 0–20 % short of the spread over noise draws (its score
  // variance Ω matched the draws', so probably the noise in A = Σ z xᵀ, not pinned down); the jackknife re-solves and sees that, but from 16 numbers (off by 2–7× between draws). The
  // larger, scaled so that ±1.96 SE is the Student-t 95 % interval of the jackknife's B² − 1 degrees of freedom.
  const standardErrors = ratios.map((_, i) => (i === reference ? 0 : T_SCALE * Math.max(sandwichSe[i]!, jackknifeSe[i]!)));
  const logCov = Array.from(sandwichLogCov, (c, q) => {
    const i = Math.floor(q / ne), j = q % ne;
    if (i === reference || j === reference) return 0;
    const scale = (standardErrors[i]! / ratios[i]!) * (standardErrors[j]! / ratios[j]!) / Math.sqrt(sandwichLogCov[i * ne + i]! * sandwichLogCov[j * ne + j]!);
    return c * scale; // the sandwich's correlation, scaled to the chosen standard errors
  });
  const w = fit ? Array.from(fit.subarray(0, ne)) : nan;
  const wMax = Math.max(...w.map(Math.abs));
  const haadfWeights = w.map((v) => v / wMax);
  const cond = conditioning ?? Infinity;
  return { elements: [...elements], reference: elements[reference]!, ratios, standardErrors, logCovariance: logCov, errorSources: { sandwich: sandwichSe, jackknife: jackknifeSe.map((v, i) => (i === reference ? 0 : v)) }, conditioning: cond, haadfWeights, split, phases, ...verdictOf(elements, ratios, standardErrors, haadfWeights, reference, cond, phases) };
}

/** The tiles' normal equations summed into B × B blocks (a block: the tiles whose top-left corner falls in it). */
function blocksOfTiles(s: BlockSystems, tilesX: number, tilesY: number, B: number): BlockSystems {
  const size = s.m * s.m + s.m, out = emptyBlockSystems(s.m, B * B);
  for (let t = 0; t < tilesX * tilesY; t++) {
    const bx = Math.min(B - 1, Math.floor(((t % tilesX) * B) / tilesX)), by = Math.min(B - 1, Math.floor((Math.floor(t / tilesX) * B) / tilesY));
    const o = (by * B + bx) * size;
    for (let j = 0; j < size; j++) out.sums[o + j]! += s.sums[t * size + j]!;
  }
  return out;
}

/**
 * Delete-one-block jackknife standard errors of `statistic` of the fit (Efron & Tibshirani 1993 §11.2; spatial blocks keep
 * correlated residuals together), on log k (the ratio's SE is k·SD(log k), as the sandwich's); NaN when a replicate fails.
 */
function jackknife(blocks: BlockSystems, statistic: (fit: Float64Array) => number[], k: number): number[] {
  const { m, sums } = blocks, size = m * m + m, total = summedSystem(blocks);
  const replicates: number[][] = [];
  for (let b = 0; b < blocks.blocks; b++) {
    const t = Float64Array.from(total, (v, j) => v - sums[b * size + j]!);
    const f = solveLinear(t.subarray(0, m * m), t.subarray(m * m), m);
    const r = f ? statistic(f).map(Math.log) : null;
    if (!r || !r.every(Number.isFinite)) return new Array<number>(k).fill(NaN);
    replicates.push(r);
  }
  const full = solveLinear(total.subarray(0, m * m), total.subarray(m * m), m);
  const ratios = full ? statistic(full) : new Array<number>(k).fill(NaN);
  const n = replicates.length;
  return Array.from({ length: k }, (_, j) => {
    const mean = replicates.reduce((s, r) => s + r[j]!, 0) / n;
    return ratios[j]! * Math.sqrt(((n - 1) / n) * replicates.reduce((s, r) => s + (r[j]! - mean) ** 2, 0));
  });
}
