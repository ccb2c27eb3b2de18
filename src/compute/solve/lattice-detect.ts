// Is this atomic-resolution (lattice) data? Strong, sharp Bragg peaks in the HAADF's power spectrum.
//
// The central crop (a power-of-two side, at most 256) is mean-subtracted and Hann-windowed; its power spectrum is
// compared, frequency by frequency, with the median power of its ring (|k| rounded). A crystal imaged at atomic
// resolution puts most of its contrast into a few spots that stand orders of magnitude above their ring; noise and
// non-periodic structure (particles, films) give a smooth spectrum whose maxima stand about ln(ring size) above
// the median, or, for straight edges, streaks through the origin (rejected: a spot must stand alone along its
// radius). Two spots in non-parallel directions (a 2-D lattice) above PEAK_RATIO make the verdict.

import { powerSpectrum2d } from '../util/fft.js';

/** A spot counts as a Bragg peak when its power exceeds its ring's median by this factor. */
export const PEAK_RATIO = 200;
/** Fields with a side under this many pixels are too small to tell (a 32-px crop holds ~3 periods of a 9-px lattice). */
export const MIN_SIDE = 64;
/** Rings below this radius (cycles per crop) are the image's large-scale shape, not a lattice. */
const MIN_RADIUS = 4;

export interface LatticeVerdict {
  lattice: boolean;
  /** The strongest peak's power over its ring's median. */
  peakRatio: number;
  /** Its period, pixels (side / |k|). */
  period: number;
  /** Peaks above PEAK_RATIO in different directions (up to 2 counted). */
  directions: number;
}

/** Power at signed frequency (fu, fv), rounded to the nearest bin. */
function powerAt(power: Float64Array, side: number, fu: number, fv: number): number {
  const u = ((Math.round(fu) % side) + side) % side, v = ((Math.round(fv) % side) + side) % side;
  return power[v * side + u]!;
}

/**
 * A Bragg spot, not a streak: the power 2–3 bins further in or out along the same direction is below 1/ISOLATION of
 * it. A straight edge (a film, a facet) puts a line of power through the origin, equally strong along its length.
 */
const ISOLATION = 10;
function radiallyIsolated(power: Float64Array, side: number, fu: number, fv: number): boolean {
  const r = Math.hypot(fu, fv), here = powerAt(power, side, fu, fv);
  for (const d of [-3, -2, 2, 3]) {
    const f = 1 + d / r;
    if (f <= 0) continue;
    if (powerAt(power, side, fu * f, fv * f) * ISOLATION > here) return false;
  }
  return true;
}

/** Detect a crystal lattice in the HAADF (row-major, height × width). */
export function detectLattice(haadf: Float32Array, width: number, height: number): LatticeVerdict {
  let side = 1;
  while (side * 2 <= Math.min(width, height, 256)) side *= 2;
  if (side < MIN_SIDE) return { lattice: false, peakRatio: 0, period: 0, directions: 0 };
  const x0 = Math.floor((width - side) / 2), y0 = Math.floor((height - side) / 2);
  const img = new Float64Array(side * side);
  let mean = 0;
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) mean += haadf[(y0 + y) * width + x0 + x]!;
  mean /= side * side;
  const hann = (i: number) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (side - 1)); // Hann window against edge streaks
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) img[y * side + x] = (haadf[(y0 + y) * width + x0 + x]! - mean) * hann(x) * hann(y);
  const power = powerSpectrum2d(img, side);
  const freq = (i: number) => (i < side / 2 ? i : i - side); // signed frequency of FFT bin i
  // each bin's ring |k| rounded (−1: outside [MIN_RADIUS, side/2)), the rings' powers grouped by a counting sort
  const ringOf = new Int32Array(side * side);
  const count = new Int32Array(side / 2 + 1);
  for (let v = 0; v < side; v++) for (let u = 0; u < side; u++) {
    const fu = freq(u), fv = freq(v);
    const r = Math.round(Math.sqrt(fu * fu + fv * fv)); // = round(hypot): √ of an integer is never near k + ½
    const inside = r >= MIN_RADIUS && r < side / 2;
    ringOf[v * side + u] = inside ? r : -1;
    if (inside) count[r]!++;
  }
  const start = new Int32Array(count.length + 1);
  for (let r = 0; r < count.length; r++) start[r + 1] = start[r]! + count[r]!;
  const grouped = new Float64Array(start[count.length]!), fill = start.slice(0, count.length);
  for (let k = 0; k < ringOf.length; k++) { const r = ringOf[k]!; if (r >= 0) grouped[fill[r]!++] = power[k]!; }
  const median = new Float64Array(count.length).fill(NaN);
  for (let r = 0; r < count.length; r++) {
    if (count[r] === 0) continue;
    const ring = grouped.subarray(start[r]!, start[r + 1]!).sort();
    median[r] = ring[ring.length >> 1]!;
  }
  // Peaks: the spots far above their ring, in one half-plane (a real image's spectrum is symmetric, k ~ −k).
  const peaks: { ratio: number; fu: number; fv: number }[] = [];
  for (let v = 0; v < side; v++) for (let u = 0; u < side; u++) {
    const fu = freq(u), fv = freq(v);
    if (fv < 0 || (fv === 0 && fu < 0)) continue;
    const r = ringOf[v * side + u]!;
    const m = r >= 0 ? median[r]! : NaN;
    if (!(m > 0)) continue;
    const ratio = power[v * side + u]! / m;
    if (ratio > PEAK_RATIO / 10 && radiallyIsolated(power, side, fu, fv)) peaks.push({ ratio, fu, fv });
  }
  peaks.sort((a, b) => b.ratio - a.ratio);
  const strongest = peaks[0];
  if (!strongest) return { lattice: false, peakRatio: 0, period: 0, directions: 0 };
  let directions = strongest.ratio > PEAK_RATIO ? 1 : 0;
  for (const p of peaks) {
    if (p.ratio <= PEAK_RATIO || directions >= 2) break;
    const cross = Math.abs(p.fu * strongest.fv - p.fv * strongest.fu) / (Math.hypot(p.fu, p.fv) * Math.hypot(strongest.fu, strongest.fv));
    if (cross > 0.3) directions = 2; // not parallel to the strongest (angle above ~17°)
  }
  return { lattice: directions >= 2, peakRatio: strongest.ratio, period: side / Math.hypot(strongest.fu, strongest.fv), directions };
}
