// Signal-to-noise ratio as fusem defines it: mean signal over material pixels / RMS noise there.
//
// Nominal (from the expected image λ): a Poisson pixel has mean λ and variance λ, so over the material pixels M
//   SNR = mean_M(λ) / sqrt(mean_M(λ) + σ_read²)      (σ_read = 0 for the elemental maps → SNR = sqrt(mean_M λ)).
// Empirical (from one noisy realisation b and its expectation λ): SNR = mean_M(λ − offset) / sqrt(mean_M((b − λ)²)).
// Material pixels M: where the expected signal exceeds MATERIAL_FRACTION of its maximum (per element for maps).

/** A pixel is material when its expected signal exceeds this fraction of the image's maximum. */
export const MATERIAL_FRACTION = 0.01;

/** 1 where values[p] > fraction·max(values) (and max > 0), for the `pixels` values from `offset`. */
export function materialMask(values: ArrayLike<number>, pixels: number, offset = 0, fraction = MATERIAL_FRACTION): Uint8Array {
  let max = 0;
  for (let p = 0; p < pixels; p++) max = Math.max(max, values[offset + p]!);
  const mask = new Uint8Array(pixels);
  if (max <= 0) return mask;
  const threshold = fraction * max;
  for (let p = 0; p < pixels; p++) if (values[offset + p]! > threshold) mask[p] = 1;
  return mask;
}

/** Mean of values[offset + p] over the pixels p with mask[p] = 1 (0 for an empty mask). */
export function maskedMean(values: ArrayLike<number>, mask: Uint8Array, offset = 0): number {
  let sum = 0;
  let count = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    sum += values[offset + p]!;
    count++;
  }
  return count > 0 ? sum / count : 0;
}

/** Nominal SNR of a Poisson image with mean signal `meanCounts` over material plus Gaussian read noise: μ̄ / sqrt(μ̄ + σ²). */
export function nominalSnr(meanCounts: number, readNoise = 0): number {
  const variance = meanCounts + readNoise * readNoise; // Var(Poisson(μ) + N(0, σ²)) = μ + σ²
  return variance > 0 ? meanCounts / Math.sqrt(variance) : 0;
}

/** The mean material signal μ̄ that gives nominal SNR s with read noise σ: the positive root of μ̄² = s²(μ̄ + σ²). */
export function countsForSnr(snr: number, readNoise = 0): number {
  const s2 = snr * snr;
  return (s2 + Math.sqrt(s2 * s2 + 4 * s2 * readNoise * readNoise)) / 2;
}

/**
 * Empirical SNR of `noisy` against its expectation `clean` over `mask`: mean(clean − offset) / sqrt(mean((noisy − clean)²)).
 * Stacks: pass several (noisy, clean) pairs of equal length with one mask each to pool them.
 */
export function empiricalSnr(pairs: readonly { noisy: ArrayLike<number>; clean: ArrayLike<number>; mask: Uint8Array; offset?: number }[]): number {
  let signal = 0;
  let noise2 = 0;
  let count = 0;
  for (const { noisy, clean, mask, offset = 0 } of pairs) {
    for (let p = 0; p < mask.length; p++) {
      if (!mask[p]) continue;
      signal += clean[p]! - offset;
      const d = noisy[p]! - clean[p]!;
      noise2 += d * d;
      count++;
    }
  }
  if (count === 0 || noise2 === 0) return count === 0 ? 0 : Infinity;
  return signal / count / Math.sqrt(noise2 / count);
}
