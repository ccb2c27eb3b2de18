// User-given per-element factors, and the sensitivities (map counts per atom, relative) they mean.
//
// - Cliff–Lorimer k-factors (EDX): C_A / C_B = k_AB · I_A / I_B, i.e. atoms per count: sensitivity ∝ 1/k.
// - ζ-factors (EDX, Watanabe & Williams 2006): ρt·C_A = ζ_A · I_A / D_e, atoms per count too: sensitivity ∝ 1/ζ.
// - Cross-sections (EELS, Egerton 2011): I_A ∝ N_A · σ_A, counts per atom: sensitivity ∝ σ.
// - Sensitivities: counts per atom directly (what `fusem simulate --sensitivity` uses).
// Only ratios matter; every factor set is normalised so its first element's sensitivity is 1.
// A factor may carry a relative standard uncertainty (0.1 = ±10 %): then the factors are a prior on the HAADF estimate
// (stoichiometry.ts, combineWithPrior) instead of replacing it.

export type FactorKind = 'k-factor' | 'zeta-factor' | 'cross-section' | 'sensitivity';

export const FACTOR_KINDS: readonly FactorKind[] = ['k-factor', 'zeta-factor', 'cross-section', 'sensitivity'];

export interface GivenFactors {
  kind: FactorKind;
  /** Factor per element symbol, as the user gave it. */
  values: Record<string, number>;
  /**
   * Relative standard uncertainty of each factor (0.1 = ±10 %), where the user gave one; an element left out is exact.
   * With any uncertainty > 0 the factors are a prior on the HAADF estimate (inverse-variance weighting on log k).
   */
  uncertainty?: Record<string, number>;
}

/** Largest relative uncertainty a factor may carry (on log k, ±1000 % is no information). */
export const MAX_FACTOR_UNCERTAINTY = 10;

/** The kind in the plural, for sentences: "k-factors", "sensitivities". */
export function factorKindPlural(kind: FactorKind): string {
  return kind === 'sensitivity' ? 'sensitivities' : `${kind}s`;
}

/** Problems with given factors for these elements, one sentence each; empty when they can be used. */
export function checkFactors(elements: readonly string[], given: GivenFactors): string[] {
  const problems: string[] = [];
  for (const [el, v] of Object.entries(given.values)) {
    if (!elements.includes(el)) problems.push(`${given.kind} given for ${el}, which is not among the maps (${elements.join(', ')})`);
    else if (!(Number.isFinite(v) && v > 0)) problems.push(`the ${given.kind} of ${el} must be a finite number > 0 (got ${v})`);
  }
  const missing = elements.filter((el) => !(el in given.values));
  if (missing.length > 0) problems.push(`${factorKindPlural(given.kind)} are needed for every element: missing ${missing.join(', ')}`);
  for (const [el, u] of Object.entries(given.uncertainty ?? {})) {
    if (!elements.includes(el)) problems.push(`an uncertainty is given for ${el}, which is not among the maps (${elements.join(', ')})`);
    else if (!(Number.isFinite(u) && u >= 0 && u <= MAX_FACTOR_UNCERTAINTY)) problems.push(`the uncertainty of the ${given.kind} of ${el} must be a relative error between 0 and ${MAX_FACTOR_UNCERTAINTY} (0.1 = ±10 %; got ${u})`);
  }
  return problems;
}

/**
 * Relative standard error of each sensitivity ratio s_i/s_1 the given factors imply: sqrt(u_i² + u_1²) (independent
 * errors on log k; 0 for the first element). All 0 when no uncertainty was given.
 */
export function factorRatioUncertainties(elements: readonly string[], given: GivenFactors): number[] {
  const u = elements.map((el) => given.uncertainty?.[el] ?? 0);
  return u.map((ui, i) => (i === 0 ? 0 : Math.hypot(ui, u[0]!)));
}

/** True when the factors carry an uncertainty, i.e. they are a prior on the estimate rather than exact. */
export function isPrior(given: GivenFactors): boolean {
  return Object.values(given.uncertainty ?? {}).some((u) => u > 0);
}

/** Sensitivities s_i (counts per atom) relative to the first element, from valid given factors. */
export function sensitivitiesFromFactors(elements: readonly string[], given: GivenFactors): number[] {
  const raw = elements.map((el) => {
    const v = given.values[el]!;
    return given.kind === 'k-factor' || given.kind === 'zeta-factor' ? 1 / v : v; // atoms per count → counts per atom
  });
  return raw.map((s) => s / raw[0]!);
}

/** The HAADF weights on the measured maps y_i = s_i x_i: a_i s_i^−γ, scaled to mean 1 (Σ a_i x_i^γ = Σ a_i s_i^−γ y_i^γ). */
export function weightsForSensitivities(physicalWeights: ArrayLike<number>, sensitivities: readonly number[], gamma: number): number[] {
  const w = sensitivities.map((s, i) => physicalWeights[i]! * Math.pow(s, -gamma));
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  return w.map((v) => v / mean);
}
