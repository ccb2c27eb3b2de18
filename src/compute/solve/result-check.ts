// A fused result is only a result if every value is finite and no map is all zero where its input had signal: a
// map of NaN or ∞ (inputs near float32's range), or an all-zero map (a λ so large it flattens everything), is an
// error with its reason, never a success (issue 14). "Signal": every map zero while an input is not; or one map zero
// while its input holds at least one count per pixel on average. A sparse map below that (the 16×16 Velox sample's
// O, 0.1 counts per pixel) may honestly fuse to zero under the Poisson term and TV.

import type { FusionInputs } from './inputs.js';

/** The fused maps a check needs. */
export interface FusedMaps { elements: readonly string[]; maps: readonly Float32Array[] }

const hasSignal = (a: Float32Array): boolean => {
  for (let k = 0; k < a.length; k++) if (a[k] !== 0 && Number.isFinite(a[k]!)) return true;
  return false;
};

/** Mean of the finite values. */
const mean = (a: Float32Array): number => {
  let s = 0, n = 0;
  for (let k = 0; k < a.length; k++) if (Number.isFinite(a[k]!)) { s += a[k]!; n++; }
  return n > 0 ? s / n : 0;
};

/** Inputs below this mean (a count per pixel) may fuse to zero on their own. */
export const STRONG_MAP_MEAN = 1;

/** Why `result` is not a usable fusion of `inputs` (one sentence), or null when it is. */
export function fusedResultProblem(inputs: Pick<FusionInputs, 'maps'>, result: FusedMaps): string | null {
  for (const [i, map] of result.maps.entries()) {
    const el = result.elements[i] ?? `map ${i + 1}`;
    let bad = 0;
    for (let k = 0; k < map.length; k++) if (!Number.isFinite(map[k]!)) bad++;
    if (bad > 0) {
      return `the fused ${el} map has ${bad} non-finite value${bad === 1 ? '' : 's'} (NaN or ∞): the values overflow float32 or the solver diverged; rescale the maps or lower λ or the step; nothing was written`;
    }
  }
  const zero = result.maps.map((m) => !hasSignal(m));
  const allZero = zero.every(Boolean) && inputs.maps.some(hasSignal);
  for (const [i, input] of inputs.maps.entries()) {
    const el = result.elements[i] ?? `map ${i + 1}`;
    if (zero[i] && hasSignal(input) && (allZero || mean(input) >= STRONG_MAP_MEAN)) {
      return `the fused ${el} map is all zero although its input is not: λ_TV or λ_chem is too large for these data (try the defaults or --auto); nothing was written`;
    }
  }
  return null;
}
