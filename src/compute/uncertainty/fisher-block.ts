// Per-pixel n_e × n_e blocks of the Fisher information and their exact inverses (DESIGN.md §1, "standard error").
//
// Why the blocks are exact: every data term couples elements only at the same pixel (the HAADF model
// Σ_i a_i x_i^γ at pixel p, the maps pixel by pixel), so the Hessian of Ψ1 + λ_chem Ψ2 — and the Fisher
// information of the likelihood behind them — is block-diagonal with one n_e × n_e block per pixel. TV couples
// neighbouring pixels, but it is a prior, not data: it is left out of the information (see stderr-maps.ts).
//
// All blocks here are in the solver's working units x_w (solve/normalise.ts); x_counts = x_w·c_i + o_i.
// Blocks are dense row-major Float64Array(n_e²); n_e is small (≤ ~8), so an O(n_e³) inverse per pixel is cheap.

/** I_ii += c_i² / max(x_counts,i, floor): Poisson information of x_w,i from its own map (b ~ Poisson(x_counts), Fisher 1/x per count). */
export function addPoissonInformation(block: Float64Array<ArrayBufferLike>, ne: number, i: number, xCounts: number, scale: number, floorCounts: number): void {
  block[i * ne + i]! += (scale * scale) / Math.max(xCounts, floorCounts);
}

/** I_ii += c_i² / σ_i²: Gaussian information of x_w,i from its own map with noise variance σ_i² (input units). */
export function addGaussianMapInformation(block: Float64Array<ArrayBufferLike>, ne: number, i: number, scale: number, variance: number): void {
  block[i * ne + i]! += (scale * scale) / variance;
}

/** J_i = s·γ·a_i·x_w,i^(γ−1): ∂HAADF/∂x_w,i of the model HAADF = s·Σ a_i x_w,i^γ + o, in HAADF units per working unit. */
export function haadfJacobian(x: ArrayLike<number>, weights: ArrayLike<number>, gamma: number, haadfScale: number, out: Float64Array<ArrayBufferLike>): Float64Array<ArrayBufferLike> {
  for (let i = 0; i < weights.length; i++) out[i] = haadfScale * gamma * weights[i]! * Math.pow(Math.max(0, x[i]!), gamma - 1);
  return out;
}

/** I += w · J Jᵀ: the HAADF term (w = 1/σ_H² for the Fisher information; w = τ·s⁻² etc. for the solver's weighting). */
export function addOuterProduct(block: Float64Array<ArrayBufferLike>, ne: number, jac: ArrayLike<number>, w: number): void {
  for (let i = 0; i < ne; i++) for (let j = 0; j < ne; j++) block[i * ne + j]! += w * jac[i]! * jac[j]!;
}

/**
 * A⁻¹ of a symmetric positive-definite block by Cholesky, A = L Lᵀ, A⁻¹ = L⁻ᵀ L⁻¹ (Golub & Van Loan §4.2),
 * in float64. Returns false (out filled with NaN) when A is not positive definite to working precision.
 */
export function invertSpd(a: Float64Array<ArrayBufferLike>, ne: number, out: Float64Array<ArrayBufferLike>, work: Float64Array<ArrayBufferLike> = new Float64Array(ne * ne)): boolean {
  const L = work;
  L.fill(0);
  for (let j = 0; j < ne; j++) {
    let d = a[j * ne + j]!;
    for (let k = 0; k < j; k++) d -= L[j * ne + k]! * L[j * ne + k]!;
    if (!(d > 0) || !Number.isFinite(d)) { out.fill(NaN); return false; }
    const ljj = Math.sqrt(d);
    L[j * ne + j] = ljj;
    for (let i = j + 1; i < ne; i++) {
      let s = a[i * ne + j]!;
      for (let k = 0; k < j; k++) s -= L[i * ne + k]! * L[j * ne + k]!;
      L[i * ne + j] = s / ljj;
    }
  }
  // Invert L in place of its lower triangle: M = L⁻¹ (forward substitution column by column), stored in out.
  out.fill(0);
  for (let j = 0; j < ne; j++) {
    out[j * ne + j] = 1 / L[j * ne + j]!;
    for (let i = j + 1; i < ne; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i * ne + k]! * out[k * ne + j]!;
      out[i * ne + j] = s / L[i * ne + i]!;
    }
  }
  // A⁻¹ = Mᵀ M, symmetric: compute into L (free now) and copy back.
  for (let i = 0; i < ne; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < ne; k++) s += out[k * ne + i]! * out[k * ne + j]!;
      L[i * ne + j] = s;
      L[j * ne + i] = s;
    }
  }
  out.set(L);
  return true;
}

/** C = A⁻¹ B A⁻¹: the sandwich (Huber) covariance of an M-estimator minimising an objective with expected Hessian A and score covariance B. */
export function sandwich(aInv: Float64Array<ArrayBufferLike>, b: Float64Array<ArrayBufferLike>, ne: number, out: Float64Array<ArrayBufferLike>, work: Float64Array<ArrayBufferLike> = new Float64Array(ne * ne)): Float64Array<ArrayBufferLike> {
  for (let i = 0; i < ne; i++) {
    for (let j = 0; j < ne; j++) {
      let s = 0;
      for (let k = 0; k < ne; k++) s += aInv[i * ne + k]! * b[k * ne + j]!;
      work[i * ne + j] = s;
    }
  }
  for (let i = 0; i < ne; i++) {
    for (let j = 0; j < ne; j++) {
      let s = 0;
      for (let k = 0; k < ne; k++) s += work[i * ne + k]! * aInv[k * ne + j]!;
      out[i * ne + j] = s;
    }
  }
  return out;
}
