// Bench section "kernels": ms per outer iteration (iterate(): gradient step + FGP TV prox of every element)
// at n×n×3 elements, 10 TV iterations, for every kernel path, and the ratio to the straightforward reference.

import { availableParallelism } from 'node:os';
import { CpuBackend } from '../src/compute/node/cpu/cpu-backend.js';
import { GpuBackend } from '../src/compute/backend/gpu/gpu-backend.js';
import { ReferenceBackend } from '../src/compute/backend/reference.js';
import type { FusionBackend } from '../src/compute/backend/types.js';
import { iterationTimes, syntheticProblem } from '../src/compute/backend/calibrate.js';
import { progress, type BenchOptions } from './options.js';
import { median, round } from './stats.js';

export const ELEMENTS = 3;
export const TV_ITERATIONS = 10;

export interface PathResult {
  /** Kernel path id, stable across runs. */
  path: string;
  /** What it is. */
  description: string;
  /** The backend's own name after the run. */
  backend: string;
  /** gpu.js paths: the pipeline executor that ran. */
  executor?: string;
  threads: number;
  /** Median ms per outer iteration after warm-up. */
  msPerIter: number;
  msMin: number;
  repeats: number;
  /** Reference median / this median, same size, same run. */
  speedupVsReference: number;
}

export interface SizeResult {
  size: number;
  pixels: number;
  elements: number;
  tvIterations: number;
  paths: PathResult[];
}

export interface KernelsReport {
  /** The fastest path per size, in this run. */
  fastest: Record<string, string>;
  elements: number;
  tvIterations: number;
  problem: string;
  sizes: SizeResult[];
}

interface PathSpec {
  path: string;
  description: string;
  make: () => FusionBackend;
  /** Relative cost: slow paths get fewer repeats. */
  slow?: boolean;
  /** Only measured up to this size (too slow beyond). */
  maxSize?: number;
}

function paths(options: BenchOptions): PathSpec[] {
  const all = availableParallelism();
  const list: PathSpec[] = [
    { path: 'reference', description: 'ReferenceBackend: readable single-threaded TypeScript, one pass per operation, fresh arrays (the baseline)', make: () => new ReferenceBackend(), slow: true },
    { path: 'cpu-wasm×1', description: 'CpuBackend (product default kernels): WebAssembly SIMD gradient step and FGP, 1 thread', make: () => new CpuBackend({ threads: 1, kernels: 'wasm' }) },
    { path: `cpu-wasm×${all}`, description: `CpuBackend (product default): WebAssembly SIMD kernels, ${all} threads (worker_threads, Atomics barriers)`, make: () => new CpuBackend({ threads: all, kernels: 'wasm' }) },
    { path: 'cpu-ts×1', description: 'CpuBackend with the fused TypeScript kernels (bit-identical to the reference), 1 thread', make: () => new CpuBackend({ threads: 1, kernels: 'ts' }), slow: true },
    { path: `cpu-ts×${all}`, description: `CpuBackend with the fused TypeScript kernels, ${all} threads`, make: () => new CpuBackend({ threads: all, kernels: 'ts' }), slow: true },
    { path: 'gpujs-webasm', description: "GpuBackend on gpu.js 'webasm' (kernels → WebAssembly f32x4 SIMD, createPipeline fused over its worker pool)", make: () => new GpuBackend({ mode: 'webasm' }), slow: true },
    { path: 'gpujs-cpu', description: "GpuBackend on gpu.js 'cpu' (kernels transpiled to JavaScript, generic pipeline)", make: () => new GpuBackend({ mode: 'cpu' }), slow: true, maxSize: options.quick ? 256 : 1024 },
  ];
  return list;
}

function repeatsFor(size: number, slow: boolean, quick: boolean): number {
  if (quick) return 3;
  const base = size <= 256 ? 15 : size <= 512 ? 9 : 5;
  return slow ? Math.max(3, Math.ceil(base / 2)) : base;
}

async function measure(spec: PathSpec, size: number, repeats: number): Promise<Omit<PathResult, 'speedupVsReference'>> {
  const backend = spec.make();
  const problem = syntheticProblem(size, size, ELEMENTS, TV_ITERATIONS);
  try {
    const times = await iterationTimes(backend, problem, repeats);
    const executor = backend instanceof GpuBackend ? (backend.executor ?? undefined) : undefined;
    return { path: spec.path, description: spec.description, backend: backend.name, ...(executor ? { executor } : {}), threads: backend.threads, msPerIter: round(median(times)), msMin: round(times[0]!), repeats };
  } finally {
    await backend.dispose();
  }
}


export async function kernelsSection(options: BenchOptions): Promise<KernelsReport> {
  const sizes: SizeResult[] = [];
  for (const size of options.sizes) {
    const results: Omit<PathResult, 'speedupVsReference'>[] = [];
    for (const spec of paths(options)) {
      if (spec.maxSize !== undefined && size > spec.maxSize) continue;
      const repeats = repeatsFor(size, spec.slow ?? false, options.quick);
      progress(`kernels ${size}²×${ELEMENTS}: ${spec.path} (${repeats} repeats)…`);
      const r = await measure(spec, size, repeats);
      progress(`  ${r.msPerIter} ms per iteration (min ${r.msMin})`);
      results.push(r);
    }
    const reference = results.find((r) => r.path === 'reference')!.msPerIter;
    sizes.push({
      size,
      pixels: size * size,
      elements: ELEMENTS,
      tvIterations: TV_ITERATIONS,
      paths: results.map((r) => ({ ...r, speedupVsReference: round(reference / r.msPerIter) })),
    });
  }
  const fastest: Record<string, string> = {};
  for (const s of sizes) fastest[String(s.size)] = s.paths.reduce((a, b) => (b.msPerIter < a.msPerIter ? b : a)).path;
  return {
    fastest,
    elements: ELEMENTS,
    tvIterations: TV_ITERATIONS,
    problem: 'calibrate.ts syntheticProblem: smooth maps with a pattern, Poisson data term, γ = 1.7, λ_TV = 0.05, ε = 0.1',
    sizes,
  };
}
