// A representative pixel of a region: the one deepest inside its mask, where a user (or a UI test) would click.

/**
 * The mask pixel farthest from the mask's edge and the image border, by the two-pass city-block distance
 * transform (Rosenfeld & Pfaltz 1966); ties go to the first in row-major order. Undefined for an empty mask.
 */
export function deepestPixel(mask: Uint8Array, width: number, height: number): { x: number; y: number; depth: number } | undefined {
  if (mask.length !== width * height) throw new RangeError(`mask has ${mask.length} values, expected ${width}×${height}`);
  const d = new Int32Array(width * height);
  const big = width + height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (!mask[p]) continue;
      const up = y > 0 ? d[p - width]! : 0;
      const left = x > 0 ? d[p - 1]! : 0;
      d[p] = Math.min(up, left, big) + 1; // forward pass: d = 1 + min(up, left), 0 outside
    }
  }
  let best: { x: number; y: number; depth: number } | undefined;
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const p = y * width + x;
      if (!mask[p]) continue;
      const down = y < height - 1 ? d[p + width]! : 0;
      const right = x < width - 1 ? d[p + 1]! : 0;
      d[p] = Math.min(d[p]!, down + 1, right + 1); // backward pass
    }
  }
  for (let p = 0; p < d.length; p++) {
    if (d[p]! > (best?.depth ?? 0)) best = { x: p % width, y: Math.floor(p / width), depth: d[p]! };
  }
  return best;
}
