// The solver's passes over the whole iterate (solve/fuse.ts: the stopping criterion's and the gradient-restart test's
// sums, FISTA's extrapolation) on the WebAssembly kernels (wasm/momentum.as), in the calling thread's wasm memory,
// in chunks. null / false (nothing written) where the kernels are missing: the caller runs its TypeScript loops.

import { align16, callerWasm } from './caller-wasm.js';

const BASE = 1024;
/** Floats per array and chunk (1 MiB each). */
const CHUNK = 1 << 18;

/** Σ(x − current)², Σ(x − start)², Σx² and −Σ(x − start)(x − current) over three equally long arrays (float64). */
export interface MomentumSums {
  change: number;
  residual: number;
  norm: number;
  /** (y_k − x_{k+1})·(x_{k+1} − x_k): > 0 is the gradient-restart test (O'Donoghue & Candès 2015). */
  dot: number;
}

export function wasmMomentumSums(x: Float32Array, current: Float32Array, start: Float32Array): MomentumSums | null {
  const n = x.length, chunk = Math.min(n, CHUNK), plane = align16(chunk * 4);
  const xAt = BASE, currentAt = xAt + plane, startAt = currentAt + plane, outAt = startAt + plane;
  const wasm = callerWasm(outAt + 32 + 16);
  if (!wasm) return null;
  const heap = new Float32Array(wasm.memory.buffer);
  const out = new Float64Array(wasm.memory.buffer, outAt, 4);
  out.fill(0);
  for (let k0 = 0; k0 < n; k0 += chunk) {
    const k1 = Math.min(n, k0 + chunk);
    heap.set(x.subarray(k0, k1), xAt / 4);
    heap.set(current.subarray(k0, k1), currentAt / 4);
    heap.set(start.subarray(k0, k1), startAt / 4);
    wasm.exports.momentumSums(xAt, currentAt, startAt, k1 - k0, outAt);
  }
  return { change: out[0]!, residual: out[1]!, norm: out[2]!, dot: out[3]! };
}

/** current ← x and x ← max(0, x + β(x − current)) (float32), in place; false where the kernels are missing. */
export function wasmExtrapolate(x: Float32Array, current: Float32Array, beta: number): boolean {
  const n = x.length, chunk = Math.min(n, CHUNK), plane = align16(chunk * 4);
  const xAt = BASE, currentAt = xAt + plane;
  const wasm = callerWasm(currentAt + plane + 16);
  if (!wasm) return false;
  const heap = new Float32Array(wasm.memory.buffer);
  for (let k0 = 0; k0 < n; k0 += chunk) {
    const k1 = Math.min(n, k0 + chunk);
    heap.set(x.subarray(k0, k1), xAt / 4);
    heap.set(current.subarray(k0, k1), currentAt / 4);
    wasm.exports.extrapolate(xAt, currentAt, k1 - k0, beta);
    current.set(x.subarray(k0, k1), k0);
    x.set(heap.subarray(xAt / 4, xAt / 4 + (k1 - k0)), k0);
  }
  return true;
}
