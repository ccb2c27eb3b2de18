// What every thread of the CPU backend needs to run its share: the problem's scalars and the shared memory,
// in a form that can be posted to a worker (SharedArrayBuffers are shared, not copied).

import type { WasmModule } from './wasm/webassembly-api.js';

/** A Float32Array described by its buffer, so it can cross to a worker. */
export interface Float32View {
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
  readonly byteOffset: number;
  readonly length: number;
}

export type FgpKernels = 'wasm' | 'ts';

/**
 * How the WebAssembly FGP keeps its dual (fgp.as): 'ring' (the default: a ring of 2·tvIterations rows per tile that
 * stays in cache, never zero-filled) or 'planes' (round 4's: four zero-filled planes of the whole tile; kept as the
 * reference that tests and `npm run bench` compare with). The same numbers to the bit.
 */
export type FgpSchedule = 'ring' | 'planes';

export interface PlanInit {
  readonly width: number;
  readonly height: number;
  readonly elements: number;
  readonly gamma: number;
  readonly stepHaadf: number;
  readonly lambdaChem: number;
  readonly eps: number;
  readonly poisson: boolean;
  readonly lambdaTV: number;
  readonly tvIterations: number;
  readonly weights: readonly number[];
  readonly threads: number;
  readonly x: Float32View;
  readonly maps: Float32View;
  /** Per-pixel weights of Ψ2 (KernelProblem.mapWeights), or null; only the TypeScript kernels take them. */
  readonly mapWeights: Float32View | null;
  readonly haadf: Float32View;
  /** Which FGP kernels: WebAssembly SIMD (fgp.as) or TypeScript (fgp-rows.ts). */
  readonly kernels: FgpKernels;
  /** TypeScript kernels: six element stacks of float32, p, q, r₀, s₀, r₁, s₁ (the FGP dual and two momentum points). */
  readonly work: SharedArrayBuffer | ArrayBuffer | null;
  /** WebAssembly kernels: the compiled module (each thread instantiates it on its own memory, wasm-plan.ts). */
  readonly wasmModule: WasmModule | null;
  /** WebAssembly kernels: the most rows a tile computes (tiles.ts). */
  readonly tileRows: number;
  /** WebAssembly kernels: how the FGP keeps its dual. */
  readonly fgpSchedule: FgpSchedule;
  /** threads × 3 float64: each thread's partial cost sums. */
  readonly sums: SharedArrayBuffer | ArrayBuffer;
  /** Int32 control words (barrier.ts CONTROL). */
  readonly control: SharedArrayBuffer | ArrayBuffer;
}

export function viewOf(a: Float32Array): Float32View {
  return { buffer: a.buffer, byteOffset: a.byteOffset, length: a.length };
}

export function float32(v: Float32View): Float32Array {
  return new Float32Array(v.buffer, v.byteOffset, v.length);
}

/** Rows [y0, y1) of thread `rank` of `threads` (bands differ by at most one row; some may be empty). */
export function band(rank: number, threads: number, height: number): [number, number] {
  return [Math.floor((rank * height) / threads), Math.floor(((rank + 1) * height) / threads)];
}

/** The FGP momenta m_k = (t_k − 1)/t_{k+1}, t_{k+1} = (1 + √(1 + 4t_k²))/2, t_0 = 1, for k < iterations. */
export function fgpMomenta(iterations: number): Float64Array {
  const momenta = new Float64Array(iterations);
  let t = 1;
  for (let k = 0; k < iterations; k++) {
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    momenta[k] = (t - 1) / tNext;
    t = tNext;
  }
  return momenta;
}
