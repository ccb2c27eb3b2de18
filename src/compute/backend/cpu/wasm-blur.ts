// The box blur of util/blur.ts on the WebAssembly kernels (wasm/blur.as): the image goes through one wasm memory
// of the calling thread in bands of rows (each band with the rows its windows reach), so any size fits and the
// sums are the TypeScript ones to the bit, in f64x2 lanes. Not run (false) where WebAssembly SIMD is missing.

import { align16 as align, callerWasm } from './caller-wasm.js';

/** Bytes of wasm memory a band may use (input rows, their float64 means, output rows). */
const BAND_BYTES = 8 << 20;
const BASE = 1024;

/** boxBlur (util/blur.ts) of `image` from `offset`, radius ≥ 1, into `out` on the wasm kernels; false (nothing written) where they are missing. */
export function wasmBoxBlur(image: Float32Array, width: number, height: number, radius: number, offset: number, out: Float32Array): boolean {
  const halo = 2 * radius;
  const band = Math.max(1, Math.min(height, Math.floor(BAND_BYTES / (16 * width)) - halo));
  const inRows = Math.min(height, band + halo);
  const inputAt = BASE, meansAt = inputAt + align(inRows * width * 4), outAt = meansAt + align(inRows * width * 8);
  const wasm = callerWasm(outAt + align(band * width * 4) + 16);
  if (!wasm) return false;
  const heap = new Float32Array(wasm.memory.buffer);
  for (let y0 = 0; y0 < height; y0 += band) {
    const y1 = Math.min(height, y0 + band);
    const first = Math.max(0, y0 - radius), last = Math.min(height, y1 + radius); // the rows the windows reach
    heap.set(image.subarray(offset + first * width, offset + last * width), inputAt / 4);
    wasm.exports.boxBlurBand(inputAt, meansAt, outAt, width, height, first, last - first, y0, y1, radius);
    out.set(heap.subarray(outAt / 4, outAt / 4 + (y1 - y0) * width), y0 * width);
  }
  return true;
}
