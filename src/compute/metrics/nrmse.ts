// Normalised root-mean-square error of an image against a reference.

import { checkSameLength } from './check.js';

/** NRMSE = ‖x − t‖₂ / ‖t‖₂, Euclidean normalisation (scikit-image normalized_root_mse 'euclidean'); 0 when identical, +∞ when t = 0 ≠ x. */
export function nrmse(image: ArrayLike<number>, reference: ArrayLike<number>): number {
  checkSameLength(image, reference);
  let num = 0;
  let den = 0;
  for (let k = 0; k < reference.length; k++) {
    const d = image[k]! - reference[k]!;
    num += d * d;
    den += reference[k]! * reference[k]!;
  }
  if (num === 0) return 0;
  return den === 0 ? Infinity : Math.sqrt(num / den);
}
