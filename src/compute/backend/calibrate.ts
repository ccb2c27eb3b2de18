// A quick measured calibration between backends: ms per outer iteration on a synthetic problem of a given size.

import type { FusionBackend, KernelProblem } from './types.js';
import { sharedFloat32 } from '../util/shared-array.js';

/** A deterministic positive test problem (smooth maps plus a pattern; HAADF = Σ a_i x_i^γ), shared memory. */
export function syntheticProblem(width: number, height: number, elements: number, tvIterations = 10): KernelProblem {
  const n = width * height;
  const x = sharedFloat32(n * elements);
  const maps = sharedFloat32(n * elements);
  const haadf = sharedFloat32(n);
  const weights = Float64Array.from({ length: elements }, (_, i) => 0.6 + (0.8 * i) / Math.max(1, elements - 1));
  const gamma = 1.7;
  for (let i = 0; i < elements; i++) {
    for (let y = 0; y < height; y++) {
      for (let c = 0; c < width; c++) {
        const k = i * n + y * width + c;
        const v = 2 + Math.sin((c + 3 * i) * 0.11) * Math.cos((y - 2 * i) * 0.07) + (((c * 7 + y * 13 + i * 5) % 11) - 5) * 0.1;
        maps[k] = Math.round(3 * v);
        x[k] = maps[k]! / 3 + 0.05;
      }
    }
  }
  for (let k = 0; k < n; k++) {
    let m = 0;
    for (let i = 0; i < elements; i++) m += weights[i]! * Math.pow(x[i * n + k]!, gamma);
    haadf[k] = m * (1 + 0.02 * Math.sin(k));
  }
  return { width, height, elements, x, maps, haadf, weights, gamma, stepHaadf: 0.02 / elements, lambdaChem: 0.05, eps: 0.1, dataTerm: 'poisson', lambdaTV: 0.05, tvIterations };
}

/** Sorted ms of `repeats` iterate() calls of `backend` on `problem`, after `warmup` untimed ones (set up here). */
export async function iterationTimes(backend: FusionBackend, problem: KernelProblem, repeats: number, warmup = 1): Promise<number[]> {
  await backend.setup(problem);
  for (let i = 0; i < warmup; i++) await backend.iterate(); // JIT, worker start, pipeline build
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await backend.iterate();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

/** Median ms per iterate() of `backend` on `problem` after `warmup` iterations (the backend is set up here). */
export async function msPerIteration(backend: FusionBackend, problem: KernelProblem, repeats: number, warmup = 1): Promise<number> {
  const times = await iterationTimes(backend, problem, repeats, warmup);
  return times[Math.floor(times.length / 2)]!;
}
