// λ_chem without units (DESIGN.md §1: parameters relative to the data's own noise level and scale).
//
// The fused objective weighs the maps' negative log-likelihood κ·ψ (types.ts) by λ_chem / κ_ref:
//   F = τ Ψ1 + (λ_chem / κ_ref) Σ_i κ_i ψ(x_i; b_i) + λ_TV Σ_i TV(x_i)        (working units: maps / c, c their scale)
// so multiplying the maps by any factor changes neither κ (its c and noise scale together) nor the result, and a
// map with twice the information (dose) weighs twice as much against the HAADF and TV. κ_ref = 10 is the information
// of counts whose brightest pixel holds about 10 counts, the dose the default λ_chem was first chosen at.

/** κ_ref: counts per working unit at which λ_chem is the weight the kernels apply. */
export const REFERENCE_INFORMATION = 10;

/** The one λ the kernels apply to ψ, for unit-free λ_chem and the maps' informations κ_i (pooled by their geometric mean). */
export function kernelLambdaChem(lambdaChem: number, information: readonly number[]): number {
  const logs = information.map((k) => Math.log(Math.max(k, Number.MIN_VALUE)));
  const pooled = Math.exp(logs.reduce((s, v) => s + v, 0) / Math.max(1, logs.length));
  return (lambdaChem * pooled) / REFERENCE_INFORMATION;
}
