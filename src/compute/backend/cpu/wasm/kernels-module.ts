// The compiled WebAssembly kernel module (kernels.as: FGP, gradient step, cost terms, box blur, HAADF refit, the solver's momentum passes; SIMD + shared memory),
// compiled once per thread that asks.

import { KERNELS_WASM_BASE64 } from './kernels-wasm.generated.js';
import { wasmApi, type WasmMemory, type WasmModule } from './webassembly-api.js';

let compiled: WasmModule | null | undefined;

/** The module, or null where this platform lacks WebAssembly SIMD or shared memory. */
export function kernelsWasmModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      if (!wasmApi) throw new Error('no WebAssembly');
      compiled = new wasmApi.Module(Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0)));
      new wasmApi.Memory({ initial: 1, maximum: 1, shared: true }); // threads feature present
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The exports of kernels.as (pointers are byte offsets into the shared memory; flags are 0/1). */
export interface KernelsWasmExports {
  gradientStep(x: number, maps: number, haadf: number, weights: number, elements: number, pixels: number, k0: number, k1: number, gamma: number, stepHaadf: number, lambdaChem: number, eps: number, poisson: number, mode: number, scratch: number): void;
  fgpTile(b: number, dual: number, width: number, rows: number, iterations: number, lambda: number, momenta: number, z: number, zeros: number, out: number, outFrom: number, outTo: number): void;
  fgpTilePlanes(b: number, dual: number, width: number, rows: number, iterations: number, lambda: number, momenta: number, z: number, zeros: number, out: number, outFrom: number, outTo: number): void;
  costRows(x: number, maps: number, haadf: number, weights: number, elements: number, stride: number, width: number, y0: number, y1: number, tvLast: number, gamma: number, eps: number, poisson: number, mode: number, tables: number, out: number): void;
  boxBlurBand(input: number, means: number, out: number, width: number, height: number, first: number, rows: number, y0: number, y1: number, radius: number): void;
  refitSums(x: number, haadf: number, weights: number, elements: number, stride: number, width: number, height: number, y0: number, rows: number, gamma: number, mean: number, ramp: number, tables: number, sums: number, row: number): number;
  momentumSums(x: number, current: number, start: number, n: number, out: number): void;
  extrapolate(x: number, current: number, n: number, beta: number): void;
  haadfTarget(haadf: number, out: number, background: number, width: number, height: number, y0: number, rows: number, ramp: number, c0: number, c1: number, c2: number, slope: number): void;
}

/** Instantiates `module` on `memory` (synchronously: the module is small). */
export function instantiateKernels(module: WasmModule, memory: WasmMemory): KernelsWasmExports {
  if (!wasmApi) throw new Error('no WebAssembly here');
  const instance = new wasmApi.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelsWasmExports;
}
