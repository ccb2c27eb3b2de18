// The step on Ψ1.
//
// ∇²Ψ1 ≈ J Jᵀ per pixel with J_i = γ a_i x_i^(γ−1) (Gauss–Newton part), whose largest eigenvalue is
// Σ_i J_i² ≤ γ² Σ_i a_i² while x ≤ 1 in working units. A step of 1/L with L = γ² Σ a_i² keeps the
// gradient step stable whatever the weights' scale, and makes step·Ψ1 — the term the iteration actually
// weighs against λ_chem Ψ2 and λ_TV TV — independent of how the a_i are normalised. The reference's
// 1/n_e is stable only for weights near 1 (its tutorial's Z/mean Z); pass it explicitly to reproduce it.

/** 1 / (γ² Σ_i a_i²) */
export function haadfStep(weights: ArrayLike<number>, gamma: number): number {
  let sumSquares = 0;
  for (let i = 0; i < weights.length; i++) sumSquares += weights[i]! * weights[i]!;
  return 1 / (gamma * gamma * sumSquares);
}
