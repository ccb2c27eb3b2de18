// Held-out scores: lower is better.

/**
 * Poisson negative log-likelihood of held-out counts b₂ under the fused estimate x̂ (same expected counts as b₂),
 * per pixel and summed over elements: mean over pixels of Σ_i (x̂ − b₂ log x̂). x̂ is floored at 1e-3 of the
 * held-out map's mean so that a fused zero under a held-out count costs a large but finite amount.
 */
export function poissonScore(fitted: readonly Float32Array[], heldOut: readonly Float32Array[]): number {
  let total = 0;
  const n = heldOut[0]?.length ?? 0;
  fitted.forEach((x, i) => {
    const b = heldOut[i]!;
    let mean = 0;
    for (let k = 0; k < n; k++) mean += b[k]!;
    mean /= Math.max(n, 1);
    const floor = Math.max(1e-3 * mean, 1e-12);
    for (let k = 0; k < n; k++) {
      const v = Math.max(x[k]!, floor);
      total += v - b[k]! * Math.log(v);
    }
  });
  return total / Math.max(n, 1);
}

/**
 * Squared error of the fused maps against the measured values on the held-out pixels, each element's error divided
 * by its mean square over those pixels (so elements with large values do not dominate), summed over elements.
 */
export function heldOutSquaredError(fitted: readonly Float32Array[], measured: readonly Float32Array[], heldOut: Uint8Array): number {
  let total = 0;
  fitted.forEach((x, i) => {
    const b = measured[i]!;
    let se = 0, ms = 0;
    for (let k = 0; k < b.length; k++) {
      if (!heldOut[k]) continue;
      const d = x[k]! - b[k]!;
      se += d * d;
      ms += b[k]! * b[k]!;
    }
    total += ms > 0 ? se / ms : se;
  });
  return total;
}

/**
 * Unbiased estimate of the squared error of x̂ against the truth from a held-out half b₂ independent of x̂ (Poisson
 * thinning or data fission): E‖x̂ − b₂‖² = ‖x̂ − μ‖² + V with V = Σ_k Var(b₂[k]), so ‖x̂ − b₂‖² − V estimates ‖x̂ − μ‖²
 * (the noise floor removed: differences between λ are not diluted by it). Each element's estimate is divided by its
 * V, the squared error of the raw half itself, and the elements summed: Σ_i MSE_i(x̂) / MSE_i(raw), so each element
 * counts by how much of its noise remains, as in the PSNR gain. (Divided by ‖b₂‖² instead, a faint element dominated:
 * Lu₂O₃'s O, 96², seed 101, was over-smoothed and the mean PSNR gain fell 4.4 dB short of the best λ; now 0.7 dB.)
 * Can be negative (it is an estimate).
 */
export function unbiasedRisk(fitted: readonly Float32Array[], heldOut: readonly Float32Array[], variance: readonly number[]): number {
  let total = 0;
  fitted.forEach((x, i) => {
    const b = heldOut[i]!, v = variance[i]!;
    let se = 0;
    for (let k = 0; k < b.length; k++) { const d = x[k]! - b[k]!; se += d * d; }
    total += v > 0 ? (se - v) / v : se;
  });
  return total;
}

/** Σ_k b[k]: a Poisson count map's variance summed (E b = Var b), in counts; × q for counts in steps of q. */
export function countVariance(b: Float32Array, step = 1): number {
  let sum = 0;
  for (let k = 0; k < b.length; k++) sum += b[k]!;
  return step * sum;
}

/** The difference of two fits' unbiased risks on the same held-out half, with its standard error. */
export interface RiskDifference {
  /** unbiasedRisk(a) − unbiasedRisk(b). */
  difference: number;
  /** Standard error of `difference` over the held-out noise: √(n · sample variance of the per-pixel terms). */
  standardError: number;
}

/**
 * unbiasedRisk(a) − unbiasedRisk(b) = Σ_k t_k, t_k = Σ_i ((a_ik − b₂_ik)² − (b_ik − b₂_ik)²) / V_i, and its standard
 * error √(n · s²_t), the per-pixel terms t_k being independent given a and b (the held-out noise is white: measured on
 * the real Co₃O₄ maps and true of thinning and fission). Paired: the held-out noise common to both fits cancels, so this
 * says whether two λ differ beyond what the one split can tell apart — the standard error of the one-standard-error rule.
 */
export function riskDifference(a: readonly Float32Array[], b: readonly Float32Array[], heldOut: readonly Float32Array[], variance: readonly number[]): RiskDifference {
  const n = heldOut[0]?.length ?? 0;
  const t = new Float64Array(n);
  heldOut.forEach((h, i) => {
    const v = variance[i]! > 0 ? variance[i]! : 1, x = a[i]!, y = b[i]!;
    for (let k = 0; k < n; k++) t[k] += ((x[k]! - h[k]!) ** 2 - (y[k]! - h[k]!) ** 2) / v;
  });
  let sum = 0;
  for (let k = 0; k < n; k++) sum += t[k]!;
  const mean = sum / Math.max(n, 1);
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (t[k]! - mean) ** 2;
  return { difference: sum, standardError: n > 1 ? Math.sqrt((ss / (n - 1)) * n) : 0 };
}
