// Separable box blur with clamped (Neumann) edges: out = mean over a (2r+1)² window. Taps are summed in window
// order (float64, so the result is the definition's to the bit: no running sum, which leaves −1e-14 beside zeros),
// on the WebAssembly kernels where they run (backend/cpu/wasm-blur.ts, the same sums in f64x2 lanes), else here.

import { wasmBoxBlur } from '../backend/cpu/wasm-blur.js';

/** Box-blur one image of `width` × `height` with radius r (r = 0 copies), starting at `offset` in `image`, into `out` (not `image`). */
export function boxBlur(image: Float32Array, width: number, height: number, radius: number, offset = 0, out: Float32Array = new Float32Array(width * height)): Float32Array {
  if (radius > 0 && width * height > 0 && wasmBoxBlur(image, width, height, radius, offset, out)) return out;
  return boxBlurTs(image, width, height, radius, offset, out);
}

/** boxBlur in TypeScript: the horizontal means of the rows a window reaches in a ring of 2r + 1 rows, then the vertical sums. */
export function boxBlurTs(image: Float32Array, width: number, height: number, radius: number, offset = 0, out: Float32Array = new Float32Array(width * height)): Float32Array {
  const span = 2 * radius + 1;
  const slots = Math.min(span, height);
  const ring = new Float64Array(slots * width); // row y's horizontal means in slot y mod slots
  const lo = Math.min(radius, width), hi = Math.max(lo, width - radius); // columns [lo, hi) need no clamping
  const clampedMean = (src: number, x: number): number => {
    let s = 0;
    for (let d = -radius; d <= radius; d++) { const c = x + d; s += image[src + (c < 0 ? 0 : c >= width ? width - 1 : c)]!; }
    return s / span;
  };
  const rowAt = new Int32Array(span); // ring offsets of rows y − r … y + r (clamped)
  let done = -1; // the last row whose means are in the ring
  for (let y = 0; y < height; y++) {
    for (const last = Math.min(height - 1, y + radius); done < last;) {
      const src = offset + ++done * width, dst = (done % slots) * width;
      for (let x = 0; x < lo; x++) ring[dst + x] = clampedMean(src, x);
      for (let x = lo; x < hi; x++) {
        let s = 0;
        for (let d = src + x - radius, end = d + span; d < end; d++) s += image[d]!;
        ring[dst + x] = s / span;
      }
      for (let x = hi; x < width; x++) ring[dst + x] = clampedMean(src, x);
    }
    for (let d = 0; d < span; d++) { const r = y + d - radius; rowAt[d] = ((r < 0 ? 0 : r >= height ? height - 1 : r) % slots) * width; }
    const dst = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let d = 0; d < span; d++) s += ring[rowAt[d]! + x]!;
      out[dst + x] = s / span;
    }
  }
  return out;
}
