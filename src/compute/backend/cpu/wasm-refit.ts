// The HAADF refit's passes (solve/normalise.ts refitHaadf) on the WebAssembly kernels (wasm/refit.as), in the calling
// thread's wasm memory, in bands of rows: the model Σ a_i x_i^γ and the normal-equation sums of model/haadf-fit.ts
// (offset or ramp background) in one pass, then the new target h. The TypeScript numbers to the bit; null / false
// (nothing written) where the kernels are missing, so the caller runs the TypeScript passes.

import { align16, callerWasm } from './caller-wasm.js';
import { writePowTables } from './fast-pow.js';
import { TABLE_BYTES } from './wasm/layout.js';

const BASE = 1024;
/** Bytes of wasm memory the band's images may use. */
const BAND_BYTES = 8 << 20;

/** Sums of one refit: 5 with an offset, 14 with a ramp, in refit.as's order. */
export const REFIT_SUMS = { offset: 5, ramp: 14 } as const;

/** Rows per band for `planes` float32 images of `width`. */
function bandRows(width: number, height: number, planes: number): number {
  return Math.max(1, Math.min(height, Math.floor(BAND_BYTES / (4 * planes * width))));
}

/**
 * The refit's sums over the whole image (refit.as refitSums: model column, offset, and with `ramp` the u, v columns;
 * `mean` the HAADF's mean), or null where the wasm kernels are missing or an x is neither zero nor a positive normal
 * float32 (the TypeScript power then takes another path).
 */
export function wasmRefitSums(x: Float32Array, haadf: Float32Array, weights: ArrayLike<number>, gamma: number, width: number, height: number, mean: number, ramp: boolean): Float64Array | null {
  const n = width * height, ne = weights.length;
  const band = bandRows(width, height, ne + 1);
  const stride = align16(band * width * 4) / 4;
  const tablesAt = BASE, weightsAt = tablesAt + align16(TABLE_BYTES), sumsAt = weightsAt + align16(8 * ne);
  const rowAt = sumsAt + align16(8 * REFIT_SUMS.ramp), xAt = rowAt + align16(4 * width), haadfAt = xAt + ne * stride * 4;
  const wasm = callerWasm(haadfAt + stride * 4 + 16);
  if (!wasm) return null;
  const buffer = wasm.memory.buffer;
  const heap = new Float32Array(buffer);
  writePowTables(buffer, tablesAt);
  new Float64Array(buffer, weightsAt, ne).set(Array.from(weights));
  const count = ramp ? REFIT_SUMS.ramp : REFIT_SUMS.offset;
  const sums = new Float64Array(buffer, sumsAt, count);
  sums.fill(0);
  for (let y0 = 0; y0 < height; y0 += band) {
    const y1 = Math.min(height, y0 + band);
    for (let i = 0; i < ne; i++) heap.set(x.subarray(i * n + y0 * width, i * n + y1 * width), xAt / 4 + i * stride);
    heap.set(haadf.subarray(y0 * width, y1 * width), haadfAt / 4);
    const odd = wasm.exports.refitSums(xAt, haadfAt, weightsAt, ne, stride, width, height, y0, y1 - y0, gamma, mean, ramp ? 1 : 0, tablesAt, sumsAt, rowAt);
    if (odd > 0) return null;
  }
  return Float64Array.from(sums);
}

/**
 * out = (haadf − background) / slope on the wasm kernels (refit.as haadfTarget): the background the constant c[0], or
 * with `background` given the ramp c[0] + c[1]·u + c[2]·v, rounded to float32 and written there. False where the kernels are missing.
 */
export function wasmHaadfTarget(haadf: Float32Array, out: Float32Array, background: Float32Array | null, c: readonly number[], slope: number, width: number, height: number): boolean {
  const band = bandRows(width, height, 3);
  const plane = align16(band * width * 4);
  const inAt = BASE, outAt = inAt + plane, backgroundAt = outAt + plane;
  const wasm = callerWasm(backgroundAt + plane + 16);
  if (!wasm) return false;
  const heap = new Float32Array(wasm.memory.buffer);
  const ramp = background !== null;
  for (let y0 = 0; y0 < height; y0 += band) {
    const y1 = Math.min(height, y0 + band), len = (y1 - y0) * width;
    heap.set(haadf.subarray(y0 * width, y1 * width), inAt / 4);
    wasm.exports.haadfTarget(inAt, outAt, backgroundAt, width, height, y0, y1 - y0, ramp ? 1 : 0, c[0]!, ramp ? c[1]! : 0, ramp ? c[2]! : 0, slope);
    out.set(heap.subarray(outAt / 4, outAt / 4 + len), y0 * width);
    if (background) background.set(heap.subarray(backgroundAt / 4, backgroundAt / 4 + len), y0 * width);
  }
  return true;
}
