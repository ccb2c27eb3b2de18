// Argument checks shared by the metrics.

/** Throws unless the two images have the same, non-zero number of pixels. */
export function checkSameLength(image: ArrayLike<number>, reference: ArrayLike<number>): void {
  if (image.length !== reference.length) throw new RangeError(`image has ${image.length} values, reference ${reference.length}`);
  if (reference.length === 0) throw new RangeError('empty image');
}
