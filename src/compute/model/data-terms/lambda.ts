// λ_chem without units (DESIGN.md §1: parameters relative to the data's own noise level and scale).
//
// In counts mode the kernels minimise, in working units (maps / c, c their common scale, so Ψ2 and TV are unit-free):
//   F = τ Ψ1 + λ_chem √(κ/κ_ref) Σ_i ψ(x_i; b_i) + λ_TV Σ_i TV(x_i)
// with κ the maps' information per working unit (types.ts: the negative log-likelihood is κ·ψ, so the noise σ ∝ 1/√κ).
// Multiplying the maps by any factor changes neither c-relative data nor κ, so not the result. The weight grows as
// 1/σ: this keeps the optimal λ_TV fixed for a denoising problem (the ROF optimum of min κψ + μ TV has μ ∝ 1/σ), and
// measured on two phantoms at chemical SNR 2.5, 6 and 12 it beat weights ∝ κ (too little smoothing at high dose)
// and fixed weights (worse than raw at SNR 12) — README, "what fusem chose". κ_ref = 10 is the information of
// counts whose brightest pixel holds about 10 counts.

/** κ_ref: the information per working unit at which λ_chem is the weight the kernels apply. */
export const REFERENCE_INFORMATION = 10;

/** Pooled information of the maps: the geometric mean of κ_i (the kernels apply one weight to every element). */
export function pooledInformation(information: readonly number[]): number {
  const logs = information.map((k) => Math.log(Math.max(k, Number.MIN_VALUE)));
  return Math.exp(logs.reduce((s, v) => s + v, 0) / Math.max(1, logs.length));
}

/** The one λ the kernels apply to ψ: λ_chem · √(κ/κ_ref), κ the pooled information. */
export function kernelLambdaChem(lambdaChem: number, information: readonly number[]): number {
  return lambdaChem * Math.sqrt(pooledInformation(information) / REFERENCE_INFORMATION);
}
