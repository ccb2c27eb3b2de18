/**
 * Display transform shared by colour maps, overlays and colour bars: linear window [lo, hi] then display gamma t^gamma
 * (napari's contrast_limits + gamma convention), and the one automatic window the viewer and the exported figures use.
 */

/** Throws RangeError unless lo/hi are finite and gamma is finite and > 0. hi < lo is allowed (inverted window). */
export function checkDisplayRange(lo: number, hi: number, gamma: number): void {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`display range must be finite, got [${lo}, ${hi}]`);
  if (!Number.isFinite(gamma) || gamma <= 0) throw new RangeError(`gamma must be finite and > 0, got ${gamma}`);
}

/**
 * Maps a data value to display intensity in [0, 1]: t = clamp((v - lo) / (hi - lo), 0, 1) ** gamma.
 * NaN stays NaN (callers draw it transparent / black). When hi === lo the window is a step: v >= hi → 1, else 0.
 */
export function displayIntensity(v: number, lo: number, hi: number, gamma: number): number {
  if (Number.isNaN(v)) return NaN;
  let t: number;
  if (hi === lo) t = v >= hi ? 1 : 0;
  else {
    t = (v - lo) / (hi - lo);
    if (!(t > 0)) return 0; // also catches -Infinity
    if (t >= 1) return 1;
  }
  return gamma === 1 ? t : Math.pow(t, gamma);
}

/** Index into a 256-entry LUT for t in [0, 1]: floor(t * 256) clamped to 255 (matplotlib's Colormap bin convention). */
export function lutIndex(t: number): number {
  if (!(t > 0)) return 0;
  if (t >= 1) return 255;
  return Math.min(255, Math.floor(t * 256));
}

/** Largest number of values autoRange sorts; larger inputs are sampled on a regular stride. */
export const AUTO_RANGE_SAMPLES = 1 << 18;

/**
 * Robust display window: the 0.5th and 99.5th percentiles (linear interpolation between order statistics,
 * as numpy's default) of the finite values; NaN and ±Infinity are ignored. Arrays over AUTO_RANGE_SAMPLES
 * values are sampled on a regular stride (percentiles within ~0.1 % of rank). No finite value → {0, 1}; a
 * constant image v → {v − d, v + d} with d = |v|/2 or 0.5, so it shows mid-range rather than a step.
 */
export function autoRange(data: ArrayLike<number>): { lo: number; hi: number } {
  const n = data.length;
  const stride = Math.max(1, Math.ceil(n / AUTO_RANGE_SAMPLES));
  const sample = new Float64Array(Math.ceil(n / stride));
  let m = 0;
  for (let i = 0; i < n; i += stride) {
    const v = data[i]!;
    if (Number.isFinite(v)) sample[m++] = v;
  }
  if (m === 0) return { lo: 0, hi: 1 };
  const sorted = sample.subarray(0, m).sort();
  const q = (p: number): number => {
    const r = p * (m - 1);
    const i = Math.floor(r);
    const f = r - i;
    return i + 1 < m ? sorted[i]! + f * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
  };
  const lo = q(0.005);
  const hi = q(0.995);
  if (hi > lo) return { lo, hi };
  const d = lo !== 0 ? Math.abs(lo) / 2 : 0.5;
  return { lo: lo - d, hi: lo + d };
}
