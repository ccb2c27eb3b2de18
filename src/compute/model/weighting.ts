// Z-weighting a_i of the HAADF forward model Σ_i a_i x_i^γ (DESIGN.md §1).

import { atomicNumber } from './elements.js';

/**
 * - `paper`:    a_i ∝ Z_i^γ, from the paper's Σ (Z_i x_i)^γ; scaled so mean(a) = 1
 * - `tutorial`: a_i = Z_i / mean(Z), the authors' tutorial code
 * - `none`:     a_i = 1
 * - number[]:   user-given weights, used as given
 */
export type WeightingMode = 'paper' | 'tutorial' | 'none';
export type Weighting = WeightingMode | readonly number[];

export const WEIGHTING_MODES: readonly WeightingMode[] = ['paper', 'tutorial', 'none'];

/** The weights a_i for `elements` under `weighting` at exponent γ. */
export function elementWeights(elements: readonly string[], weighting: Weighting, gamma: number): Float64Array {
  const n = elements.length;
  if (typeof weighting !== 'string') {
    if (weighting.length !== n) throw new Error(`${weighting.length} custom weights given for ${n} elements`);
    return Float64Array.from(weighting);
  }
  if (weighting === 'none') return new Float64Array(n).fill(1);
  const z = elements.map(atomicNumber);
  if (weighting === 'tutorial') {
    const meanZ = z.reduce((s, v) => s + v, 0) / n; // a_i = Z_i / mean(Z)
    return Float64Array.from(z, (v) => v / meanZ);
  }
  const zg = z.map((v) => Math.pow(v, gamma)); // a_i ∝ Z_i^γ, normalised to mean 1
  const mean = zg.reduce((s, v) => s + v, 0) / n;
  return Float64Array.from(zg, (v) => v / mean);
}

/** A one-line description of the weighting for reports. */
export function describeWeighting(weighting: Weighting): string {
  if (typeof weighting !== 'string') return `custom a_i = [${weighting.join(', ')}]`;
  return {
    paper: 'paper: a_i ∝ Z_i^γ (mean 1)',
    tutorial: 'tutorial: a_i = Z_i / mean(Z)',
    none: 'none: a_i = 1',
  }[weighting];
}
