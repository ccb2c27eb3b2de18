// Bench section "defaults": the cost of fusem's default fusion (λ chosen from the data, then one fusion to the
// tolerance) against ONE fusion with those same λ given, to the same tolerance, from the same start, on a simulated
// core–shell acquisition with 3 elements (chemical SNR 2.5, HAADF SNR 20) at each size of --sizes up to 512.
// Issue 10's target: default / fixed ≤ 2. Wall times depend on the machine's load (the build machine is shared);
// pixel-iterations (Σ iterations × pixels of every fusion) are the load-free measure of the same ratio.

import { availableParallelism } from 'node:os';
import { CpuBackend } from '../src/compute/node/index.js';
import { fuseWithDefaults } from '../src/compute/autoparams/default-fusion.js';
import { fuse } from '../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS } from '../src/compute/solve/params.js';
import { coreShell, simulateAcquisition } from '../src/compute/simulate/index.js';
import { progress, type BenchOptions } from './options.js';

export interface DefaultsSize {
  size: number;
  elements: number;
  chosen: { lambdaTV: number; lambdaChem: number };
  searchFusions: number;
  searchMs: number;
  defaultMs: number;
  defaultIterations: number;
  fixedMs: number;
  fixedIterations: number;
  /** defaultMs / fixedMs, same run. */
  ratio: number;
  /** The same ratio in pixel-iterations (independent of the machine's load). */
  pixelIterationRatio: number;
}

export interface DefaultsReport { note: string; sizes: DefaultsSize[] }

export async function defaultsSection(options: BenchOptions): Promise<DefaultsReport> {
  const sizes = options.sizes.filter((s) => s <= 512);
  const out: DefaultsSize[] = [];
  const backend = new CpuBackend({ threads: availableParallelism() });
  try {
    for (const size of sizes) {
      const phantom = coreShell({ width: size, height: size, seed: 7 });
      const acq = simulateAcquisition(phantom, { chemSnr: 2.5, haadfSnr: 20, seed: 7 });
      const n = size * size;
      const inputs = { width: size, height: size, elements: phantom.elements, haadf: acq.haadf, maps: phantom.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n)) };
      progress(`defaults ${size}²×3: λ search + fusion…`);
      let t0 = performance.now();
      const d = await fuseWithDefaults(inputs, DEFAULT_PARAMS, { backend });
      const defaultMs = performance.now() - t0;
      const searchFusions = d.search?.fusions ?? 0;
      const searchPixelIterations = (d.search?.iterations ?? 0) * (d.search?.pixels ?? 0);
      progress(`defaults ${size}²×3: the same λ given…`);
      t0 = performance.now();
      const fixed = await fuse(inputs, { ...d.result.params, chooseLambda: 'none' }, { backend });
      const fixedMs = performance.now() - t0;
      const ratio = defaultMs / fixedMs;
      const pixelIterationRatio = (searchPixelIterations + d.result.history.length * n) / (fixed.history.length * n);
      progress(`defaults ${size}²×3: default ${(defaultMs / 1000).toFixed(2)} s / fixed ${(fixedMs / 1000).toFixed(2)} s = ${ratio.toFixed(2)}× (pixel-iterations ${pixelIterationRatio.toFixed(2)}×; target ≤ 2)`);
      out.push({
        size, elements: phantom.elements.length, chosen: { lambdaTV: d.result.params.lambdaTV, lambdaChem: d.result.params.lambdaChem },
        searchFusions, searchMs: d.searchMs, defaultMs, defaultIterations: d.result.history.length, fixedMs, fixedIterations: fixed.history.length,
        ratio, pixelIterationRatio,
      });
    }
  } finally {
    await backend.dispose();
  }
  return { note: 'default fusion (λ search included) vs one fusion with the chosen λ given, same tolerance; wall times on a shared machine, pixel-iterations load-free', sizes: out };
}
