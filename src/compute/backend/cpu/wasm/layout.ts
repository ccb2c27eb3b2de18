// Where one thread's WebAssembly kernels keep a tile's arrays in its own wasm memory (byte offsets, 16-byte
// aligned): x (the tile's rows of every element: gradient step in place, FGP input b and result), maps, haadf,
// weights (float64), the FGP dual p, q, r, s of one element (a ring of 2·ng rows, or whole planes for the 'planes' schedule), the FGP momenta (float32), 2·ng scratch rows of z,
// a row of zeros, the gradient step's scratch, the cost sums and the power/log tables of fast-pow.ts (float64). `rows` is the capacity in rows (the largest
// tile with its halo, plus the one row below that the TV cost reads).

import type { FgpSchedule } from '../plan-init.js';

const PAGE = 65536;
/** Left free below the arrays (the module has no data, but keep address 0 unused). */
const BASE = 1024;

export interface WasmLayout {
  readonly x: number;
  readonly maps: number;
  readonly haadf: number;
  readonly weights: number;
  readonly dual: number;
  readonly momenta: number;
  readonly z: number;
  readonly zeros: number;
  readonly gradientScratch: number;
  readonly costs: number;
  /** 1/c_j, ln c_j, 2^(j/256) (256 each), 2^n for n ∈ [−1100, 1100], float64 (cost.as). */
  readonly tables: number;
  /** Floats between consecutive element images in x and maps (rows · width, rounded up to 4). */
  readonly stride: number;
  readonly rowBytes: number;
  readonly bytes: number;
  readonly pages: number;
}

const align = (n: number): number => Math.ceil(n / 16) * 16;

/** The tables of cost.as: 3 × 256 + 2201 float64. */
export const TABLE_BYTES = (3 * 256 + 2201) * 8;

/** Bytes of fgp.as fgpTile's dual ring: p, q, r, s, 2·ng rows each, rows 16-byte aligned. */
export function ringBytes(width: number, tvIterations: number): number {
  return 4 * 2 * Math.max(1, tvIterations) * align(width * 4);
}

export function wasmLayout(width: number, rows: number, elements: number, tvIterations: number, schedule: FgpSchedule = 'ring'): WasmLayout {
  const rowBytes = align(width * 4); // scratch rows; the tile's own rows are width floats apart
  const plane = align(rows * width * 4);
  const x = BASE;
  const maps = x + elements * plane;
  const haadf = maps + elements * plane;
  const weights = haadf + plane;
  const dual = weights + align(elements * 8);
  const momenta = dual + (schedule === 'planes' ? 4 * plane : ringBytes(width, tvIterations));
  const z = momenta + align(Math.max(1, tvIterations) * 4);
  const zeros = z + 2 * Math.max(1, tvIterations) * rowBytes;
  const gradientScratch = zeros + rowBytes;
  const costs = gradientScratch + 16 * elements;
  const tables = costs + 32;
  const end = tables + TABLE_BYTES + 16; // +16: SIMD loads never reach past the end
  return { x, maps, haadf, weights, dual, momenta, z, zeros, gradientScratch, costs, tables, stride: plane / 4, rowBytes, bytes: end, pages: Math.ceil(end / PAGE) };
}
