// The composition of a whole result, in the unit its stoichiometry says.

import { relativeConcentration } from '../quant/concentration.js';
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
