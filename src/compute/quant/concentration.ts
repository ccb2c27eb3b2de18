// Relative concentration c_i = x_i / Σ_j x_j per pixel, and its statistics over a region (DESIGN.md §1, Stoichiometry).
//
// Stacks are row-major element maps, element i at [i·N, (i+1)·N), N = width·height. A pixel is *used* when its total
// T = Σ_j x_j is finite, > 0 and ≥ the threshold; otherwise (vacuum, or too little signal to form a ratio) it is
// *excluded* and counted. The threshold is absolute (`threshold`) or, by default, `thresholdFraction` (default 5 %)
// of the stack's largest total max_p T_p, computed over the whole image, so a region's verdict does not depend on
// the region. Values x_i < 0 (e.g. background-subtracted maps) are kept, so c_i may fall outside [0, 1].

import { formatSig } from '../util/format.js';

/** Default fraction of the largest per-pixel total below which a pixel is excluded. */
export const DEFAULT_THRESHOLD_FRACTION = 0.05;

export interface ConcentrationOptions {
  /** Absolute threshold on T = Σ_j x_j, in the stack's units; overrides `thresholdFraction`. */
  threshold?: number;
  /** Threshold as a fraction of max_p T_p (default DEFAULT_THRESHOLD_FRACTION). */
  thresholdFraction?: number;
}

/** Per-pixel relative concentrations of a whole stack. */
export interface ConcentrationMaps {
  /** c_i per pixel, stacked as the input; NaN at excluded pixels. */
  concentration: Float32Array;
  /** 1 where the pixel was used. */
  valid: Uint8Array;
  used: number;
  excluded: number;
  /** The absolute threshold applied to T = Σ_j x_j. */
  threshold: number;
}

function pixelCount(stack: ArrayLike<number>, elementCount: number): number {
  if (!Number.isInteger(elementCount) || elementCount < 1) throw new RangeError(`element count must be an integer ≥ 1, got ${elementCount}`);
  const n = stack.length / elementCount;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`stack of ${stack.length} values does not hold ${elementCount} maps`);
  return n;
}

/** T_p = Σ_j x_jp for every pixel. */
function totals(stack: ArrayLike<number>, elementCount: number, n: number): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < elementCount; i++) for (let p = 0; p < n; p++) t[p]! += stack[i * n + p]!;
  return t;
}

function resolveThreshold(t: Float64Array, options: ConcentrationOptions): number {
  if (options.threshold !== undefined) {
    if (!Number.isFinite(options.threshold)) throw new RangeError(`threshold must be finite, got ${options.threshold}`);
    return options.threshold;
  }
  const f = options.thresholdFraction ?? DEFAULT_THRESHOLD_FRACTION;
  if (!(Number.isFinite(f) && f >= 0)) throw new RangeError(`thresholdFraction must be a finite number ≥ 0, got ${f}`);
  let max = 0;
  for (let p = 0; p < t.length; p++) if (t[p]! > max && Number.isFinite(t[p]!)) max = t[p]!;
  return f * max;
}

function usable(total: number, threshold: number): boolean {
  return Number.isFinite(total) && total > 0 && total >= threshold;
}

/** The absolute threshold on Σ_j x_j that `options` means for this stack. */
export function concentrationThreshold(stack: ArrayLike<number>, elementCount: number, options: ConcentrationOptions = {}): number {
  const n = pixelCount(stack, elementCount);
  return resolveThreshold(totals(stack, elementCount, n), options);
}

/** c_i = x_i / Σ_j x_j at every pixel (DESIGN.md §1); excluded pixels are NaN and counted. */
export function relativeConcentration(stack: ArrayLike<number>, elementCount: number, options: ConcentrationOptions = {}): ConcentrationMaps {
  const n = pixelCount(stack, elementCount);
  const t = totals(stack, elementCount, n);
  const threshold = resolveThreshold(t, options);
  const concentration = new Float32Array(elementCount * n);
  const valid = new Uint8Array(n);
  let used = 0;
  for (let p = 0; p < n; p++) {
    const total = t[p]!;
    const ok = usable(total, threshold);
    if (ok) { valid[p] = 1; used++; }
    for (let i = 0; i < elementCount; i++) concentration[i * n + p] = ok ? stack[i * n + p]! / total : NaN; // c_i = x_i / Σ_j x_j
  }
  return { concentration, valid, used, excluded: n - used, threshold };
}

function checkMask(mask: Uint8Array, n: number): void {
  if (mask.length !== n) throw new RangeError(`mask has ${mask.length} pixels, the maps ${n}`);
}

/** c_element at the region's used pixels, in row-major order (what a histogram or Gaussian fit of the region takes). */
export function regionConcentrationValues(
  stack: ArrayLike<number>, elementCount: number, element: number, mask: Uint8Array, options: ConcentrationOptions = {},
): Float64Array {
  const n = pixelCount(stack, elementCount);
  checkMask(mask, n);
  if (!Number.isInteger(element) || element < 0 || element >= elementCount) throw new RangeError(`element index ${element} is not in 0..${elementCount - 1}`);
  const t = totals(stack, elementCount, n);
  const threshold = resolveThreshold(t, options);
  const out: number[] = [];
  for (let p = 0; p < n; p++) if (mask[p] && usable(t[p]!, threshold)) out.push(stack[element * n + p]! / t[p]!); // c_i = x_i / Σ_j x_j
  return Float64Array.from(out);
}

/** One element's statistics over a region's used pixels. */
export interface ElementStatistics {
  element: string;
  /** Mean of the per-pixel c_i over the used pixels: every pixel weighs the same ("mean of ratios"). */
  mean: number;
  /** Sample standard deviation (n − 1 denominator; 0 for one pixel) of the per-pixel c_i: their spread, not the error of the mean. */
  std: number;
  /** Σ_p x_ip / Σ_p Σ_j x_jp over the used pixels: the composition of all the region's signal pooled ("ratio of sums");
   * each pixel weighs by its total, so thick (or bright) pixels count more than in `mean`. */
  ratioOfSums: number;
  /** Standard error of `mean` propagated from per-pixel standard errors σ_i (only when they are given); see regionStatistics. */
  meanStderr?: number;
  /** Standard error of `ratioOfSums` propagated the same way (only when σ_i are given). */
  ratioOfSumsStderr?: number;
}

export interface RegionStatistics {
  /** Pixels in the mask. */
  pixels: number;
  /** Mask pixels used (T ≥ threshold) and excluded (below it, vacuum). */
  used: number;
  excluded: number;
  /** The absolute threshold applied to T = Σ_j x_j. */
  threshold: number;
  /** In the stack's element order. */
  elements: ElementStatistics[];
}

export type RegionStatisticsResult = ({ ok: true } & RegionStatistics) | { ok: false; error: string; pixels: number; excluded: number };

export interface RegionStatisticsOptions extends ConcentrationOptions {
  /** Per-pixel standard errors σ_i of the maps, stacked like them (e.g. from the uncertainty module). */
  stderr?: ArrayLike<number>;
}

/**
 * Statistics of the relative concentration over the used pixels of `mask`: per element the mean ± sample standard
 * deviation of c_i (mean of ratios) and the ratio of region sums Σ x_i / Σ Σ x_j. Given per-pixel standard errors σ_ip,
 * the standard error of each is propagated to first order (delta method), assuming the errors are independent
 * between pixels and between elements at a pixel (no covariances): with ∂c_i/∂x_k = (δ_ik − c_i)/T,
 *   SE(mean c_i)² = (1/n²) Σ_p [ (1 − c_ip)² σ_ip² + c_ip² Σ_{k≠i} σ_kp² ] / T_p²,
 *   SE(R_i)²      = (1/S²) Σ_p [ (1 − R_i)² σ_ip² + R_i² Σ_{k≠i} σ_kp² ],   R_i = S_i / S, S = Σ_p T_p.
 * Smoothed (fused) maps have correlated neighbouring pixels, so these are lower bounds there.
 * An empty mask or one whose pixels are all excluded is an error value.
 */
export function regionStatistics(
  stack: ArrayLike<number>, elements: readonly string[], mask: Uint8Array, options: RegionStatisticsOptions = {},
): RegionStatisticsResult {
  const ne = elements.length;
  const n = pixelCount(stack, ne);
  checkMask(mask, n);
  const sig = options.stderr;
  if (sig !== undefined && sig.length !== stack.length) throw new RangeError(`stderr has ${sig.length} values, the maps ${stack.length}`);
  const t = totals(stack, ne, n);
  const threshold = resolveThreshold(t, options);

  let pixels = 0;
  const idx: number[] = [];
  for (let p = 0; p < n; p++) {
    if (!mask[p]) continue;
    pixels++;
    if (usable(t[p]!, threshold)) idx.push(p);
  }
  const used = idx.length;
  const excluded = pixels - used;
  if (pixels === 0) return { ok: false, error: 'the region is empty', pixels, excluded };
  if (used === 0) return { ok: false, error: `all ${pixels} pixels of the region have Σ x_j below the threshold ${formatSig(threshold)} (vacuum?)`, pixels, excluded };

  let sTotal = 0;
  for (const p of idx) sTotal += t[p]!;
  const out: ElementStatistics[] = elements.map((element, i) => {
    let sum = 0, sI = 0;
    for (const p of idx) { sum += stack[i * n + p]! / t[p]!; sI += stack[i * n + p]!; }
    const mean = sum / used;
    let ss = 0;
    for (const p of idx) ss += (stack[i * n + p]! / t[p]! - mean) ** 2;
    const std = used > 1 ? Math.sqrt(ss / (used - 1)) : 0; // sample standard deviation
    const ratioOfSums = sI / sTotal; // R_i = Σ_p x_ip / Σ_p Σ_j x_jp
    const stat: ElementStatistics = { element, mean, std, ratioOfSums };
    if (sig !== undefined) {
      let vMean = 0, vRatio = 0;
      for (const p of idx) {
        const c = stack[i * n + p]! / t[p]!;
        const si2 = sig[i * n + p]! ** 2;
        let others = 0;
        for (let k = 0; k < ne; k++) if (k !== i) others += sig[k * n + p]! ** 2;
        vMean += ((1 - c) ** 2 * si2 + c * c * others) / (t[p]! * t[p]!); // delta method: Σ_k (∂c_i/∂x_k)² σ_k²
        vRatio += (1 - ratioOfSums) ** 2 * si2 + ratioOfSums ** 2 * others; // delta method on R_i = S_i / S
      }
      stat.meanStderr = Math.sqrt(vMean) / used; // Var(mean) = Σ_p Var(c_ip) / n² (independent pixels)
      stat.ratioOfSumsStderr = Math.sqrt(vRatio) / sTotal;
    }
    return stat;
  });
  return { ok: true, pixels, used, excluded, threshold, elements: out };
}
