// The targets at 512²×3, 10 TV iterations: ≤ 25 ms per outer iteration, ≥ 3× the straightforward
// single-threaded TypeScript version (the reference), both for the product default path on all threads.

import { availableParallelism } from 'node:os';
import type { KernelsReport } from './kernels.js';

export interface Targets {
  /** The path the targets are judged on. */
  path: string;
  msPerIter512: number | null;
  target: number;
  met: boolean | null;
  speedup512: number | null;
  targetSpeedup: number;
  speedupMet: boolean | null;
}

export function targets(kernels: KernelsReport): Targets {
  const path = `cpu-wasm×${availableParallelism()}`;
  const at512 = kernels.sizes.find((s) => s.size === 512)?.paths.find((p) => p.path === path);
  return {
    path,
    msPerIter512: at512?.msPerIter ?? null,
    target: 25,
    met: at512 ? at512.msPerIter <= 25 : null,
    speedup512: at512?.speedupVsReference ?? null,
    targetSpeedup: 3,
    speedupMet: at512 ? at512.speedupVsReference >= 3 : null,
  };
}
