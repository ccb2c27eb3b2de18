// What the solver fuses, and the checks that make bad input a clear message instead of a wrong map.

import { isElementSymbol } from '../model/elements.js';
import { dataTermOf, type DataTermChoice } from '../model/data-terms/index.js';
import { varianceProblems } from '../model/data-terms/variance-weights.js';

export interface FusionInputs {
  width: number;
  height: number;
  /** Element symbols, one per map, e.g. ['Co', 'Mn', 'O']. */
  elements: string[];
  /** HAADF image, row-major, height × width. */
  haadf: Float32Array;
  /** Elemental maps b_i, each height × width, in counts (EDX) or integrated intensity (EELS). */
  maps: Float32Array[];
  /**
   * Per-pixel noise variances of the maps (one per map, map units²), when known (a spectrum image's maps, issue 11):
   * the least-squares data term then weighs each pixel by 1/σ²_p (model/data-terms/variance-weights.ts).
   */
  variances?: Float32Array[];
}

/** One problem with the inputs: which input (`HAADF` or an element symbol) and what is wrong. */
export interface InputProblem {
  input: string;
  problem: string;
}

/** NaN/±∞ values, and the smallest and largest of the finite ones, in one typed pass. */
function scan(data: Float32Array): { bad: number; min: number; max: number } {
  let bad = 0, min = Infinity, max = -Infinity;
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (v - v !== 0) { bad++; continue; } // NaN or ±∞
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { bad, min, max };
}

/** Every problem with the inputs; empty when they can be fused. */
export function checkInputs(inputs: FusionInputs, dataTerm: DataTermChoice = 'auto'): InputProblem[] {
  const problems: InputProblem[] = [];
  const { width, height, elements, haadf, maps } = inputs;
  const n = width * height;
  if (!(width >= 2 && height >= 2)) problems.push({ input: 'HAADF', problem: `image is ${height}×${width}; fusion needs at least 2×2 pixels` });
  if (elements.length === 0) problems.push({ input: 'maps', problem: 'no elemental maps given' });
  if (elements.length !== maps.length) problems.push({ input: 'maps', problem: `${elements.length} element names for ${maps.length} maps` });
  const seen = new Set<string>();
  for (const el of elements) {
    if (!isElementSymbol(el)) problems.push({ input: el, problem: `"${el}" is not an element symbol (write it as in the periodic table, e.g. Co, Mn, O)` });
    if (seen.has(el)) problems.push({ input: el, problem: `element ${el} is given twice` });
    seen.add(el);
  }
  if (haadf.length !== n) problems.push({ input: 'HAADF', problem: `has ${haadf.length} pixels, expected ${height}×${width}` });
  else {
    const { bad, min: lo, max: hi } = scan(haadf);
    if (bad > 0) problems.push({ input: 'HAADF', problem: `contains ${bad} NaN or infinite values` });
    if (bad === 0 && hi === lo) problems.push({ input: 'HAADF', problem: `is constant (${lo}): it carries no structure to fuse with` });
  }
  maps.forEach((map, i) => {
    const el = elements[i] ?? `map ${i + 1}`;
    if (map.length !== n) { problems.push({ input: el, problem: `map has ${map.length} pixels but the HAADF has ${height}×${width} = ${n}: shapes differ` }); return; }
    const { bad, min, max } = scan(map);
    if (bad > 0) { problems.push({ input: el, problem: `map contains ${bad} NaN or infinite values` }); return; }
    if (max === 0 && min === 0) { problems.push({ input: el, problem: 'map is empty (all zero): no counts to fuse' }); return; }
    if (max <= 0) { problems.push({ input: el, problem: `map has no positive value (max ${max}): no signal to fuse` }); return; }
    const refused = dataTerm === 'auto' ? null : dataTermOf(dataTerm).check(map); // the data term is the only judge of what data it accepts
    if (refused) problems.push({ input: el, problem: refused });
  });
  if (dataTerm === 'lsq-variances' && !inputs.variances) {
    problems.push({ input: 'maps', problem: 'lsq-variances weighs each pixel by its variance, but no per-pixel variances came with the maps (maps made from a spectrum image carry them; on the command line --variance EL=FILE): choose the data term lsq' });
  }
  if (inputs.variances) {
    for (const v of varianceProblems(inputs.variances, maps)) problems.push({ input: v.index >= 0 ? elements[v.index] ?? `map ${v.index + 1}` : 'maps', problem: v.problem });
  }
  return problems;
}
