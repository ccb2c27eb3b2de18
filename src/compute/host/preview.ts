// Live previews of a running fusion: the current maps shrunk by box averaging so the long side is at most
// `maxSide` pixels (never enlarged), small enough to post every few iterations.

import type { PreviewFrame } from './protocol.js';

/** Size of a preview of a width × height image with the long side ≤ maxSide, keeping the aspect ratio. */
export function previewSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const f = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * f)), height: Math.max(1, Math.round(height * f)) };
}

/** Area average of `image` (width × height) onto a w × h grid: each output pixel is the mean of its source block. */
export function shrink(image: ArrayLike<number>, width: number, height: number, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * height) / h), y1 = Math.max(y0 + 1, Math.floor(((y + 1) * height) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * width) / w), x1 = Math.max(x0 + 1, Math.floor(((x + 1) * width) / w));
      let s = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) s += image[yy * width + xx]!;
      out[y * w + x] = s / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/** A preview of full-size maps (each width × height). */
export function makePreview(maps: readonly Float32Array[], width: number, height: number, maxSide: number): PreviewFrame {
  const size = previewSize(width, height, maxSide);
  return { ...size, maps: maps.map((m) => shrink(m, width, height, size.width, size.height)) };
}
