// The composition of a whole result, in the unit its stoichiometry says.

import { relativeConcentration } from '../quant/concentration.js';
import { isCountData } from '../autoparams/thinning.js';
import { estimateMapNoise } from './noise-model.js';
import { atomMaps, compositionErrorFromSensitivities, type Stoichiometry } from './stoichiometry.js';

/** Mean over non-vacuum pixels of c_i = x_i / Σ_j x_j of the atom maps (fractions), with the error due to the sensitivities; null when no pixel is usable. */
export function meanComposition(maps: readonly Float32Array[], stoichiometry: Stoichiometry): { element: string; mean: number; kError: number }[] | null {
  const x = atomMaps(maps, stoichiometry);
  const n = x[0]!.length, ne = x.length;
  const stack = new Float32Array(n * ne);
  x.forEach((m, i) => stack.set(m, i * n));
  const c = relativeConcentration(stack, ne);
  if (c.used === 0) return null;
  const means = stoichiometry.elements.map((_, i) => {
    let s = 0;
    for (let p = 0; p < n; p++) if (c.valid[p]) s += c.concentration[i * n + p]!;
    return s / c.used;
  });
  const kError = compositionErrorFromSensitivities(means, stoichiometry);
  return stoichiometry.elements.map((element, i) => ({ element, mean: means[i]!, kError: kError[i]! }));
}

/** One element's share of the region's summed measured maps. */
export interface SummedShare {
  element: string;
  /** R_i = Σ_p x_ip / Σ_p Σ_j x_jp over the region's used pixels, x the measured maps in atoms (fraction). */
  fraction: number;
  /** Standard error of R_i from the maps' noise (delta method, pixels and elements independent). */
  stderr: number;
  /** The part of the error due to the sensitivities' uncertainty (0 for exact given factors or uncalibrated maps). */
  kStderr: number;
}

/**
 * The composition of a region as the measured maps give it, summed over the region (the "sum spectrum" of EDX practice):
 * R_i = Σ_p x_ip / Σ_p Σ_j x_jp, x_i = b_i / s_i the measured maps in atoms. E[b_ip] = s_i·(atoms), so R_i has no bias
 * but the ratio's O(1/N) one, whatever the fusion's regularisation does; fused maps are biased by it by ±1–2 pp on a
 * weak map (README, stoichiometry), so a region's composition is taken from here. Per-pixel variance of b_i/s_i: b_i/s_i²
 * for raw counts, else gain·x + floor estimated from the map (noise-model.ts). `used`: the pixels to sum (e.g. the
 * region's non-vacuum pixels by the fused maps). Null when no used pixel has signal.
 */
export function summedComposition(measured: readonly Float32Array[], stoichiometry: Stoichiometry, used: Uint8Array, width: number, height: number): SummedShare[] | null {
  const x = atomMaps(measured, { ...stoichiometry, mapsInAtoms: false });
  const s = stoichiometry.sensitivities;
  const counts = isCountData(measured);
  const noise = x.map((m, i) => (counts ? { gain: 1 / (s ? s[i]! : 1), floor: 0 } : estimateMapNoise(m, width, height)));
  const ne = x.length;
  const sums = new Float64Array(ne), variances = new Float64Array(ne);
  for (let p = 0; p < used.length; p++) {
    if (!used[p]) continue;
    for (let i = 0; i < ne; i++) {
      const v = x[i]![p]!;
      sums[i]! += v;
      variances[i]! += noise[i]!.gain * Math.max(v, 0) + noise[i]!.floor; // var(x_ip) ≈ gain·E[x_ip] + floor
    }
  }
  const total = sums.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return null;
  const fractions = Array.from(sums, (v) => v / total);
  const kError = compositionErrorFromSensitivities(fractions, stoichiometry);
  return stoichiometry.elements.map((element, i) => {
    const r = fractions[i]!;
    let v = 0; // delta method on R_i = S_i / S: ∂R_i/∂S_k = (δ_ik − R_i)/S
    for (let k = 0; k < ne; k++) v += ((k === i ? 1 : 0) - r) ** 2 * variances[k]!;
    return { element, fraction: r, stderr: Math.sqrt(v) / total, kStderr: kError[i]! };
  });
}
