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
