/** Display transform shared by colour maps, overlays and colour bars: linear window [lo, hi] then display gamma t^gamma (napari's contrast_limits + gamma convention). */

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
