// Peak signal-to-noise ratio of an image against a reference.

import { checkSameLength } from './check.js';

export interface PsnrOptions {
  /** The peak value; default max(reference). */
  peak?: number;
}

/** PSNR = 10·log10(peak² / MSE) dB, peak = max(reference) unless given (Gonzalez & Woods, Digital Image Processing, §8.1); +∞ when identical. */
export function psnr(image: ArrayLike<number>, reference: ArrayLike<number>, opts: PsnrOptions = {}): number {
  checkSameLength(image, reference);
  let peak = opts.peak;
  if (peak === undefined) {
    peak = -Infinity;
    for (let k = 0; k < reference.length; k++) peak = Math.max(peak, reference[k]!);
  }
  let se = 0;
  for (let k = 0; k < reference.length; k++) {
    const d = image[k]! - reference[k]!;
    se += d * d;
  }
  const mse = se / reference.length;
  if (mse === 0) return Infinity;
  return 10 * Math.log10((peak * peak) / mse);
}
