// What a composition is: atomic fractions once the per-element sensitivities are known (given or estimated from the
// HAADF), or only a ratio of map intensities. Every composition fusem shows carries the label this module gives it.

import type { SensitivityEstimate } from './estimate.js';
import type { GivenFactors } from './factors.js';

/** Where the sensitivities came from: given factors, the HAADF estimate, or nowhere (compositions not calibrated). */
export type CompositionBasis = 'given' | 'estimated' | 'uncalibrated';

export interface Stoichiometry {
  basis: CompositionBasis;
  /** The unit every composition carries, e.g. "atomic % (k-factors given)". */
  unit: string;
  elements: string[];
  /** Sensitivities s_i (map counts per atom, first element 1) used to turn maps into atoms; null when uncalibrated. */
  sensitivities: number[] | null;
  /** Standard error of each sensitivity (0 for given factors and the reference); null when uncalibrated. */
  standardErrors: number[] | null;
  /** The user's factors, when given. */
  given?: GivenFactors;
  /** The HAADF estimate, whenever it was run (also when it was not identifiable, or factors were given). */
  estimate?: SensitivityEstimate;
  /** One sentence for the report and the log. */
  note: string;
  /** True when the fusion ran on the atom maps b_i / s_i (then the fused maps are atoms already). */
  mapsInAtoms?: boolean;
}

/** The units of fused maps fused in atom units. */
export const ATOM_UNITS = 'atoms: input map units ÷ sensitivity (first element = 1)';

export const UNCALIBRATED_UNIT = 'map-intensity ratio (not calibrated)';
export const GIVEN_UNIT = 'atomic % (k-factors given)';

/** "atomic % (k-ratios estimated from HAADF ± 4 %)": the ± is the largest relative standard error of a ratio. */
export function estimatedUnit(estimate: SensitivityEstimate): string {
  const rel = estimate.ratios.map((r, i) => estimate.standardErrors[i]! / r).filter((v, i) => estimate.elements[i] !== estimate.reference && Number.isFinite(v));
  const worst = rel.length > 0 ? Math.max(...rel) : 0;
  return `atomic % (k-ratios estimated from HAADF ± ${(100 * worst).toPrecision(2)} %)`;
}

/** The stoichiometry of a result from given factors (preferred), else an identifiable estimate, else none. */
export function decideStoichiometry(elements: readonly string[], given: GivenFactors | undefined, givenSensitivities: number[] | undefined, estimate: SensitivityEstimate | undefined): Stoichiometry {
  const base = { elements: [...elements], ...(given ? { given } : {}), ...(estimate ? { estimate } : {}) };
  if (given && givenSensitivities) {
    return { ...base, basis: 'given', unit: GIVEN_UNIT, sensitivities: givenSensitivities, standardErrors: givenSensitivities.map(() => 0), note: `compositions are atomic % from the given ${given.kind}s` };
  }
  if (estimate?.identifiable) {
    return { ...base, basis: 'estimated', unit: estimatedUnit(estimate), sensitivities: estimate.ratios, standardErrors: estimate.standardErrors, note: `compositions are atomic % with k-ratios estimated from the HAADF: ${estimate.verdict}` };
  }
  const why = estimate ? estimate.verdict : 'no k-factors given and no estimate from the HAADF';
  return { ...base, basis: 'uncalibrated', unit: UNCALIBRATED_UNIT, sensitivities: null, standardErrors: null, note: `compositions are map-intensity ratios, not atomic %: ${why}` };
}

/** Atom maps x_i = y_i / s_i from maps in map units (a copy); the maps themselves when uncalibrated. */
export function atomMaps(maps: readonly Float32Array[], stoichiometry: Stoichiometry): Float32Array[] {
  const s = stoichiometry.sensitivities;
  if (!s || stoichiometry.mapsInAtoms) return maps.map((m) => m.slice());
  return maps.map((m, i) => Float32Array.from(m, (v) => v / s[i]!));
}

/**
 * Standard error of a composition c (fractions) from the sensitivities' errors: c_i = (y_i/s_i) / Σ_j (y_j/s_j), so
 * ∂c_i/∂ln s_j = −c_i (δ_ij − c_j) and Var c_i = Σ_j c_i² (δ_ij − c_j)² (σ_j / s_j)² (errors taken independent).
 */
export function compositionErrorFromSensitivities(c: readonly number[], stoichiometry: Stoichiometry): number[] {
  const s = stoichiometry.sensitivities, se = stoichiometry.standardErrors;
  if (!s || !se) return c.map(() => 0);
  return c.map((ci, i) => Math.sqrt(c.reduce((acc, cj, j) => acc + (ci * ((i === j ? 1 : 0) - cj) * (se[j]! / s[j]!)) ** 2, 0)));
}
