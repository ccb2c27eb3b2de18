// A fused result is only a result if every value is finite and no map is all zero where its input had signal: a
// map of NaN or ∞ (inputs near float32's range), or an all-zero map (a λ so large it flattens everything), is an
// error with its reason, never a success (issue 14).

import type { FusionInputs } from './inputs.js';

/** The fused maps a check needs. */
export interface FusedMaps { elements: readonly string[]; maps: readonly Float32Array[] }

const hasSignal = (a: Float32Array): boolean => {
  for (let k = 0; k < a.length; k++) if (a[k] !== 0 && Number.isFinite(a[k]!)) return true;
  return false;
};

/** Why `result` is not a usable fusion of `inputs` (one sentence), or null when it is. */
export function fusedResultProblem(inputs: Pick<FusionInputs, 'maps'>, result: FusedMaps): string | null {
  for (const [i, map] of result.maps.entries()) {
    const el = result.elements[i] ?? `map ${i + 1}`;
    let bad = 0;
    for (let k = 0; k < map.length; k++) if (!Number.isFinite(map[k]!)) bad++;
    if (bad > 0) {
      return `the fused ${el} map has ${bad} non-finite value${bad === 1 ? '' : 's'} (NaN or ∞): the values overflow float32 or the solver diverged; rescale the maps or lower λ or the step; nothing was written`;
    }
    const input = inputs.maps[i];
    if (input && hasSignal(input) && !hasSignal(map)) {
      return `the fused ${el} map is all zero although its input is not: λ_TV or λ_chem is too large for these data (try the defaults or --auto); nothing was written`;
    }
  }
  return null;
}
