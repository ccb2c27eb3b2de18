// Random non-negative fusion problems for the backend tests, and the error measure they are compared by.

import type { DataTerm, KernelProblem } from '../../../src/compute/backend/types.js';
import { sharedFloat32 } from '../../../src/compute/util/shared-array.js';
import { rng } from '../helpers.js';

export interface ProblemSpec {
  width: number;
  height: number;
  elements: number;
  gamma: number;
  dataTerm: DataTerm;
  lambdaTV: number;
  tvIterations?: number;
  eps?: number;
  seed?: number;
  /** Allocate on plain ArrayBuffers instead of SharedArrayBuffers. */
  unshared?: boolean;
}

/** Counts b ~ round(3·(smooth + noise)), x⁰ = b + noise ≥ 0 (some exact zeros), h = Σ a_i x_i^γ · (1 ± 10%). */
export function randomProblem(spec: ProblemSpec): KernelProblem {
  const { width, height, elements, gamma } = spec;
  const r = rng(spec.seed ?? 7);
  const n = width * height;
  const alloc = (len: number): Float32Array => (spec.unshared ? new Float32Array(len) : sharedFloat32(len));
  const x = alloc(n * elements), maps = alloc(n * elements), haadf = alloc(n);
  const weights = Float64Array.from({ length: elements }, () => 0.5 + r());
  for (let k = 0; k < n * elements; k++) {
    maps[k] = Math.round(3 * (1 + Math.sin(k * 0.37)) * r());
    x[k] = r() < 0.05 ? 0 : maps[k]! + r();
  }
  for (let k = 0; k < n; k++) {
    let m = 0;
    for (let i = 0; i < elements; i++) m += weights[i]! * Math.pow(x[i * n + k]!, gamma);
    haadf[k] = m * (0.9 + 0.2 * r());
  }
  return {
    width, height, elements, x, maps, haadf, weights, gamma,
    stepHaadf: 0.2 / elements / Math.pow(4, 2 * gamma - 2), // a stable step for x up to ~4
    lambdaChem: 0.05,
    eps: spec.eps ?? 0.1,
    dataTerm: spec.dataTerm,
    lambdaTV: spec.lambdaTV,
    tvIterations: spec.tvIterations ?? 10,
  };
}

/** An independent copy (same sharedness) of a problem's arrays. */
export function copyProblem(p: KernelProblem): KernelProblem {
  const copy = (a: Float32Array): Float32Array => {
    const out = new Float32Array(a.buffer instanceof SharedArrayBuffer ? new SharedArrayBuffer(a.byteLength) : new ArrayBuffer(a.byteLength));
    out.set(a);
    return out;
  };
  return { ...p, x: copy(p.x), maps: copy(p.maps), haadf: copy(p.haadf) };
}

/** max_k |a_k − b_k| / max(|b_k|, floor): relative error, absolute below `floor` (values here are O(1)). */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-2): number {
  let worst = 0;
  for (let k = 0; k < b.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!) / Math.max(Math.abs(b[k]!), floor));
  return worst;
}

export function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}
