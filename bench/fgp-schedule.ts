// Bench section "fgp" (opt-in: --fgp, --fgp-only, sizes --fgp-sizes 1024,2048,4096): the WebAssembly FGP's two
// schedules (fgp.as) in the same run, alternately — 'ring' (the product's: the dual in a ring of 2·ng rows per tile)
// and 'planes' (round 4's: four zero-filled planes per tile) — and the same iteration without TV (λ_TV = 0: the
// gradient step and the tile copies alone), so that the FGP's own share is the difference. Wall and CPU time
// (process.cpuUsage, all threads: on a machine shared with others it counts only the time this process ran).
// --fgp-baseline DIR adds path 'baseline': the CpuBackend (WebAssembly kernels) of another checkout of fusem (e.g. a
// `git worktree` of an older commit, with node_modules), loaded from its sources, in the same rounds.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CpuBackend } from '../src/compute/node/cpu/cpu-backend.js';
import { syntheticProblem } from '../src/compute/backend/calibrate.js';
import type { FgpSchedule } from '../src/compute/backend/cpu/plan-init.js';
import type { FusionBackend, KernelProblem } from '../src/compute/backend/types.js';
import { ELEMENTS, TV_ITERATIONS } from './kernels.js';
import { progress, type BenchOptions } from './options.js';
import { median, round } from './stats.js';

type PathName = FgpSchedule | 'noTv' | 'baseline';

export interface ScheduleTiming {
  /** Median wall ms per outer iteration (iterate()), all rounds. */
  msPerIter: number;
  msMin: number;
  /** Median CPU ms per outer iteration, all threads together. */
  cpuMsPerIter: number;
  /** All timed wall ms, in the order measured (rounds alternate the paths). */
  wallMs: number[];
}

export interface FgpSizeResult {
  size: number;
  threads: number;
  rounds: number;
  repeatsPerRound: number;
  paths: Partial<Record<PathName, ScheduleTiming>> & Record<FgpSchedule | 'noTv', ScheduleTiming>;
  /** With --fgp-baseline: baseline ÷ ring, whole iteration (wall, CPU), and whether its iterates equal ring's to the bit. */
  baseline?: { dir: string; iterWall: number; iterCpu: number; sameIterates: boolean };
  /** The TV prox of all elements per outer iteration: path − noTv (wall medians, then CPU medians). */
  fgpMs: Record<FgpSchedule, number>;
  fgpCpuMs: Record<FgpSchedule, number>;
  /** FGP CPU ns per pixel per inner iteration (fgpCpuMs / (n² · elements · ng)). */
  fgpCpuNsPerPixelIteration: Record<FgpSchedule, number>;
  /** planes / ring, same run: whole iteration (wall, CPU) and the FGP share (wall, CPU). */
  speedup: { iterWall: number; iterCpu: number; fgpWall: number; fgpCpu: number };
  /** Both schedules' iterates equal to the bit after the same iterations. */
  sameIterates: boolean;
}

export interface FgpReport {
  elements: number;
  tvIterations: number;
  problem: string;
  sizes: FgpSizeResult[];
}


/** The constructor of CpuBackend in the checkout `dir` (its sources, through tsx; the file moved in round 4). */
async function baselineBackend(dir: string): Promise<new (options: { threads: number; kernels: 'wasm' }) => FusionBackend> {
  for (const file of ['src/compute/node/cpu/cpu-backend.ts', 'src/compute/backend/cpu/cpu-backend.ts']) {
    const full = path.resolve(dir, file);
    if (existsSync(full)) return ((await import(pathToFileURL(full).href)) as { CpuBackend: new (options: { threads: number; kernels: 'wasm' }) => FusionBackend }).CpuBackend;
  }
  throw new Error(`--fgp-baseline ${dir}: no src/compute/{node,backend}/cpu/cpu-backend.ts there`);
}

async function measureSize(size: number, threads: number, rounds: number, repeats: number, baselineDir: string | null): Promise<FgpSizeResult> {
  const names: PathName[] = ['ring', 'planes', 'noTv', ...(baselineDir ? ['baseline' as const] : [])];
  const Baseline = baselineDir ? await baselineBackend(baselineDir) : null;
  const problems = new Map<PathName, KernelProblem>();
  const backends = new Map<PathName, FusionBackend>();
  for (const name of names) {
    const problem = syntheticProblem(size, size, ELEMENTS, TV_ITERATIONS);
    problems.set(name, name === 'noTv' ? { ...problem, lambdaTV: 0 } : problem);
    backends.set(name, name === 'baseline' && Baseline ? new Baseline({ threads, kernels: 'wasm' }) : new CpuBackend({ threads, kernels: 'wasm', fgpSchedule: name === 'planes' ? 'planes' : 'ring' }));
  }
  const wall = new Map<PathName, number[]>(names.map((n) => [n, []]));
  const cpu = new Map<PathName, number[]>(names.map((n) => [n, []]));
  try {
    for (const name of names) {
      await backends.get(name)!.setup(problems.get(name)!);
      await backends.get(name)!.iterate(); // warm-up: JIT, worker start
    }
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const backend = backends.get(name)!;
        for (let i = 0; i < repeats; i++) {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          await backend.iterate();
          const t = performance.now() - t0;
          const c = process.cpuUsage(c0);
          wall.get(name)!.push(t);
          cpu.get(name)!.push((c.user + c.system) / 1000);
        }
      }
      progress(`  fgp ${size}²: round ${r + 1}/${rounds}: ${names.map((n) => `${n} ${round(median(wall.get(n)!.slice(-repeats)), 1)} ms`).join(', ')}`);
    }
  } finally {
    for (const b of backends.values()) await b.dispose();
  }
  const equal = (a: Float32Array, b: Float32Array): boolean => {
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
    return true;
  };
  const sameIterates = equal(problems.get('ring')!.x, problems.get('planes')!.x);
  const timing = (name: PathName): ScheduleTiming => ({
    msPerIter: round(median(wall.get(name)!)),
    msMin: round(Math.min(...wall.get(name)!)),
    cpuMsPerIter: round(median(cpu.get(name)!)),
    wallMs: wall.get(name)!.map((v) => round(v, 1)),
  });
  const paths: FgpSizeResult['paths'] = { ring: timing('ring'), planes: timing('planes'), noTv: timing('noTv') };
  if (baselineDir) paths.baseline = timing('baseline');
  const fgpMs = { ring: round(paths.ring.msPerIter - paths.noTv.msPerIter), planes: round(paths.planes.msPerIter - paths.noTv.msPerIter) };
  const fgpCpuMs = { ring: round(paths.ring.cpuMsPerIter - paths.noTv.cpuMsPerIter), planes: round(paths.planes.cpuMsPerIter - paths.noTv.cpuMsPerIter) };
  const perPixelIteration = size * size * ELEMENTS * TV_ITERATIONS;
  return {
    size,
    threads,
    rounds,
    repeatsPerRound: repeats,
    paths,
    fgpMs,
    fgpCpuMs,
    fgpCpuNsPerPixelIteration: { ring: round((fgpCpuMs.ring * 1e6) / perPixelIteration, 3), planes: round((fgpCpuMs.planes * 1e6) / perPixelIteration, 3) },
    speedup: {
      iterWall: round(paths.planes.msPerIter / paths.ring.msPerIter, 3),
      iterCpu: round(paths.planes.cpuMsPerIter / paths.ring.cpuMsPerIter, 3),
      fgpWall: round(fgpMs.planes / fgpMs.ring, 3),
      fgpCpu: round(fgpCpuMs.planes / fgpCpuMs.ring, 3),
    },
    sameIterates,
    ...(baselineDir && paths.baseline
      ? { baseline: { dir: baselineDir, iterWall: round(paths.baseline.msPerIter / paths.ring.msPerIter, 3), iterCpu: round(paths.baseline.cpuMsPerIter / paths.ring.cpuMsPerIter, 3), sameIterates: equal(problems.get('baseline')!.x, problems.get('ring')!.x) } }
      : {}),
  };
}

export async function fgpSection(options: BenchOptions): Promise<FgpReport> {
  const threads = availableParallelism();
  const rounds = options.quick ? 1 : 4;
  const sizes: FgpSizeResult[] = [];
  for (const size of options.fgpSizes) {
    const repeats = options.quick ? 2 : size <= 1024 ? 5 : 3;
    progress(`fgp schedules ${size}²×${ELEMENTS}, ${threads} threads, ${rounds} rounds × ${repeats} iterations…`);
    sizes.push(await measureSize(size, threads, rounds, repeats, options.fgpBaseline));
  }
  return {
    elements: ELEMENTS,
    tvIterations: TV_ITERATIONS,
    problem: 'calibrate.ts syntheticProblem (as the kernels section); noTv: the same with λ_TV = 0',
    sizes,
  };
}
