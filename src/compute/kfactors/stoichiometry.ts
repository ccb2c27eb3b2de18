// What a composition is: atomic fractions once the per-element sensitivities are known (given or estimated from the
// HAADF), or only a ratio of map intensities. Every composition fusem shows carries the label this module gives it.

import type { SensitivityEstimate } from './estimate.js';
import { factorKindPlural, factorRatioUncertainties, isPrior, type GivenFactors } from './factors.js';

/**
 * Where the sensitivities came from: given factors, the HAADF estimate, both (given factors with an uncertainty as a
 * prior on an identifiable estimate), or nowhere (compositions not calibrated).
 */
export type CompositionBasis = 'given' | 'estimated' | 'combined' | 'uncalibrated';

export interface Stoichiometry {
  basis: CompositionBasis;
  /** The unit every composition carries, e.g. "atomic % (k-factors given)". */
  unit: string;
  elements: string[];
  /** Sensitivities s_i (map counts per atom, first element 1) used to turn maps into atoms; null when uncalibrated. */
  sensitivities: number[] | null;
  /** Standard error of each sensitivity (0 for given factors and the reference); null when uncalibrated. */
  standardErrors: number[] | null;
  /**
   * Covariance of log s_i (ne × ne, row-major) when estimated from the HAADF: the ratios share the reference and one fit,
   * so their errors are correlated. Absent: taken independent (standardErrors alone).
   */
  logCovariance?: number[];
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

/** The largest relative standard error of the ratios (the reference's 0 left out), in percent, two digits. */
function worstPercent(ratios: readonly number[], errors: readonly number[], reference: number): string {
  const rel = ratios.map((r, i) => errors[i]! / r).filter((v, i) => i !== reference && Number.isFinite(v));
  return (100 * (rel.length > 0 ? Math.max(...rel) : 0)).toPrecision(2);
}

/** "atomic % (k-ratios estimated from HAADF ± 4 %)": the ± is the largest relative standard error of a ratio. */
export function estimatedUnit(estimate: SensitivityEstimate): string {
  return `atomic % (k-ratios estimated from HAADF ± ${worstPercent(estimate.ratios, estimate.standardErrors, estimate.elements.indexOf(estimate.reference))} %)`;
}

/** Above this many standard errors between the estimate and the given factor, the note says they disagree. */
export const PRIOR_CONFLICT_Z = 3;

/**
 * Given factors as a prior on an identifiable estimate: per ratio, inverse-variance weighting on log k,
 *   log ŝ = (log g/σ_g² + log e/σ_e²) / (1/σ_g² + 1/σ_e²),  σ_ŝ/ŝ = (1/σ_g² + 1/σ_e²)^(−1/2),
 * σ_g the factors' relative uncertainty (factorRatioUncertainties), σ_e = SE/e the estimate's (both taken independent
 * and normal on log k). An exact factor (σ_g = 0) wins; where the estimate has no finite error the factor alone counts.
 * `conflicts`: the elements whose estimate and factor differ by more than PRIOR_CONFLICT_Z combined standard errors.
 */
export function combineWithPrior(given: readonly number[], givenRelErr: readonly number[], estimate: SensitivityEstimate): { sensitivities: number[]; standardErrors: number[]; conflicts: { element: string; z: number }[] } {
  const sensitivities: number[] = [], standardErrors: number[] = [], conflicts: { element: string; z: number }[] = [];
  given.forEach((g, i) => {
    const sg = givenRelErr[i]!, e = estimate.ratios[i]!, se = estimate.standardErrors[i]! / e;
    if (!(sg > 0) || !(Number.isFinite(e) && e > 0 && Number.isFinite(se) && se > 0)) {
      sensitivities.push(g);
      standardErrors.push(g * sg);
      return;
    }
    const wg = 1 / (sg * sg), we = 1 / (se * se);
    const logS = (wg * Math.log(g) + we * Math.log(e)) / (wg + we); // inverse-variance weighting on log k
    const s = Math.exp(logS);
    sensitivities.push(s);
    standardErrors.push(s / Math.sqrt(wg + we));
    const z = Math.abs(Math.log(e) - Math.log(g)) / Math.hypot(sg, se);
    if (z > PRIOR_CONFLICT_Z) conflicts.push({ element: estimate.elements[i]!, z });
  });
  return { sensitivities, standardErrors, conflicts };
}

/**
 * The stoichiometry of a result: exact given factors; given factors with an uncertainty combined with an identifiable
 * estimate (else alone); else an identifiable estimate; else none.
 */
export function decideStoichiometry(elements: readonly string[], given: GivenFactors | undefined, givenSensitivities: number[] | undefined, estimate: SensitivityEstimate | undefined): Stoichiometry {
  const base = { elements: [...elements], ...(given ? { given } : {}), ...(estimate ? { estimate } : {}) };
  if (given && givenSensitivities && isPrior(given)) {
    const relErr = factorRatioUncertainties(elements, given);
    if (estimate?.identifiable) {
      const c = combineWithPrior(givenSensitivities, relErr, estimate);
      const conflict = c.conflicts.length > 0 ? `; the HAADF estimate and the given factor disagree for ${c.conflicts.map((x) => `${x.element} (${x.z.toFixed(1)} standard errors)`).join(', ')}: check the factors, γ or the HAADF model` : '';
      return {
        ...base, basis: 'combined', unit: `atomic % (k-ratios from HAADF and given factors ± ${worstPercent(c.sensitivities, c.standardErrors, 0)} %)`,
        sensitivities: c.sensitivities, standardErrors: c.standardErrors,
        note: `compositions are atomic % with k-ratios from the HAADF estimate and the given ${factorKindPlural(given.kind)} (± their uncertainty) weighted by their inverse variances on log k${conflict}`,
      };
    }
    const standardErrors = givenSensitivities.map((s, i) => s * relErr[i]!);
    return {
      ...base, basis: 'given', unit: `atomic % (k-factors given ± ${worstPercent(givenSensitivities, standardErrors, 0)} %)`, sensitivities: givenSensitivities, standardErrors,
      note: `compositions are atomic % from the given ${factorKindPlural(given.kind)} (± their uncertainty) alone: ${estimate ? `the HAADF estimate was ${estimate.verdict}` : 'no HAADF estimate was run'}`,
    };
  }
  if (given && givenSensitivities) {
    return { ...base, basis: 'given', unit: GIVEN_UNIT, sensitivities: givenSensitivities, standardErrors: givenSensitivities.map(() => 0), note: `compositions are atomic % from the given ${factorKindPlural(given.kind)}` };
  }
  if (estimate?.identifiable) {
    return { ...base, basis: 'estimated', unit: estimatedUnit(estimate), sensitivities: estimate.ratios, standardErrors: estimate.standardErrors, logCovariance: estimate.logCovariance, note: `compositions are atomic % with k-ratios estimated from the HAADF: ${estimate.verdict}` };
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
 * ∂c_i/∂ln s_j = −c_i (δ_ij − c_j) and Var c_i = Σ_jk c_i² (δ_ij − c_j)(δ_ik − c_k) C_jk, C the covariance of log s
 * (`logCovariance` where the stoichiometry has one, else diagonal: (σ_j / s_j)², errors taken independent).
 */
export function compositionErrorFromSensitivities(c: readonly number[], stoichiometry: Stoichiometry): number[] {
  const s = stoichiometry.sensitivities, se = stoichiometry.standardErrors;
  if (!s || !se) return c.map(() => 0);
  const ne = c.length, given = stoichiometry.logCovariance;
  const C = given && given.length === ne * ne && given.every(Number.isFinite) ? given : Array.from({ length: ne * ne }, (_, q) => (q % (ne + 1) === 0 ? (se[q / (ne + 1)]! / s[q / (ne + 1)]!) ** 2 : 0));
  return c.map((ci, i) => {
    let v = 0;
    for (let j = 0; j < ne; j++) for (let k = 0; k < ne; k++) v += ci * ((i === j ? 1 : 0) - c[j]!) * ci * ((i === k ? 1 : 0) - c[k]!) * C[j * ne + k]!;
    return Math.sqrt(Math.max(0, v));
  });
}
