// Structural similarity (SSIM) of an image against a reference (Wang, Bovik, Sheikh & Simoncelli 2004, IEEE TIP 13:600).

import { checkSameLength } from './check.js';

export interface SsimOptions {
  /** Gaussian window σ, pixels (default 1.5, as in Wang et al. 2004). */
  sigma?: number;
  /** Window radius, pixels (default 5: an 11×11 window, as in Wang et al. 2004). */
  radius?: number;
  /** Stabilising constants C1 = (K1·L)², C2 = (K2·L)² (default 0.01, 0.03). */
  k1?: number;
  k2?: number;
  /** Data range L; default max(reference) − min(reference), or max|reference| (else 1) when the reference is constant. */
  dataRange?: number;
}

/** The normalised separable Gaussian weights w[−r..r] ∝ exp(−k²/2σ²). */
function gaussianWindow(sigma: number, radius: number): Float64Array {
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += w[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < w.length; k++) w[k]! /= sum;
  return w;
}

/** 'valid' separable filtering: out is (height − 2r) × (width − 2r). */
function filterValid(src: Float64Array, width: number, height: number, w: Float64Array): Float64Array {
  const r = (w.length - 1) / 2;
  const ow = width - 2 * r;
  const oh = height - 2 * r;
  const rows = new Float64Array(height * ow);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < w.length; k++) s += w[k]! * src[y * width + x + k]!;
      rows[y * ow + x] = s;
    }
  }
  const out = new Float64Array(oh * ow);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < w.length; k++) s += w[k]! * rows[(y + k) * ow + x]!;
      out[y * ow + x] = s;
    }
  }
  return out;
}

/**
 * The local SSIM map over every window that lies fully inside the image ('valid', (height − 2r) × (width − 2r)):
 * SSIM = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)), Gaussian-weighted local moments (Wang et al. 2004, eq. 13).
 */
export function ssimMap(image: ArrayLike<number>, reference: ArrayLike<number>, width: number, height: number, opts: SsimOptions = {}): { map: Float64Array; width: number; height: number } {
  checkSameLength(image, reference);
  if (reference.length !== width * height) throw new RangeError(`${reference.length} values do not make a ${width}×${height} image`);
  const sigma = opts.sigma ?? 1.5;
  const radius = opts.radius ?? 5;
  if (!Number.isInteger(radius) || radius < 0) throw new RangeError(`window radius must be an integer ≥ 0, got ${radius}`);
  if (width <= 2 * radius || height <= 2 * radius) throw new RangeError(`a ${width}×${height} image is smaller than the ${2 * radius + 1}×${2 * radius + 1} SSIM window`);
  let L = opts.dataRange;
  if (L === undefined) {
    let lo = Infinity, hi = -Infinity, absMax = 0;
    for (let k = 0; k < reference.length; k++) {
      const v = reference[k]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      absMax = Math.max(absMax, Math.abs(v));
    }
    L = hi > lo ? hi - lo : absMax > 0 ? absMax : 1;
  }
  const c1 = ((opts.k1 ?? 0.01) * L) ** 2;
  const c2 = ((opts.k2 ?? 0.03) * L) ** 2;
  const n = width * height;
  const x = Float64Array.from(image);
  const y = Float64Array.from(reference);
  const xx = new Float64Array(n), yy = new Float64Array(n), xy = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    xx[p] = x[p]! * x[p]!;
    yy[p] = y[p]! * y[p]!;
    xy[p] = x[p]! * y[p]!;
  }
  const w = gaussianWindow(sigma, radius);
  const [mx, my, mxx, myy, mxy] = [x, y, xx, yy, xy].map((a) => filterValid(a, width, height, w)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const map = new Float64Array(mx.length);
  for (let p = 0; p < map.length; p++) {
    const ux = mx[p]!, uy = my[p]!;
    const vx = mxx[p]! - ux * ux; // σx² = E_w[x²] − μx² (weighted, no Bessel correction, as in Wang et al.)
    const vy = myy[p]! - uy * uy;
    const cxy = mxy[p]! - ux * uy;
    map[p] = ((2 * ux * uy + c1) * (2 * cxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
  }
  return { map, width: width - 2 * radius, height: height - 2 * radius };
}

/** Mean SSIM (MSSIM, Wang et al. 2004 eq. 17) over the valid windows; 1 for identical images. */
export function ssim(image: ArrayLike<number>, reference: ArrayLike<number>, width: number, height: number, opts: SsimOptions = {}): number {
  const { map } = ssimMap(image, reference, width, height, opts);
  let s = 0;
  for (let p = 0; p < map.length; p++) s += map[p]!;
  return s / map.length;
}
