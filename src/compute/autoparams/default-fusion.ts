// A fusion with fusem's default parameter choice: λ_TV and/or λ_chem chosen from the data first (path-search.ts),
// as params.chooseLambda asks, then one fusion to the tolerance. Every caller that fuses a user's dataset with the
// defaults (the CLI, the compute host, the watcher) goes through here, so the default is the same everywhere.

import { fuse, type FusionOptions, type FusionResult } from '../solve/fuse.js';
import type { FusionInputs } from '../solve/inputs.js';
import type { FusionParams } from '../solve/params.js';
import { pathSearch, type SearchProgress } from './path-search.js';
import { autoParamsReport, type AutoParamsReport } from './report.js';

export interface DefaultFusionOptions extends FusionOptions {
  /** One call per validation fusion of the λ search. */
  onSearch?: (p: SearchProgress) => void;
  /** Seed of the held-out split (default 1). */
  seed?: number;
  /** How the λ search picks from its scores (path-search.ts; default 'one-se'). */
  selection?: 'best' | 'one-se';
}

export interface DefaultFusion {
  result: FusionResult;
  /** How λ were chosen; absent when params.chooseLambda is 'none'. */
  auto?: AutoParamsReport;
  /** Wall time of the λ search, ms (0 without one). */
  searchMs: number;
  /** What the λ search cost: validation fusions, their iterations together, and the pixels each fused (a crop). */
  search?: { fusions: number; iterations: number; pixels: number };
}

/** Choose the λ params.chooseLambda names from the data, then fuse with them. */
export async function fuseWithDefaults(inputs: FusionInputs, params: FusionParams, options: DefaultFusionOptions): Promise<DefaultFusion> {
  const { onSearch, seed, selection, ...fuseOptions } = options;
  if (params.chooseLambda === 'none') return { result: await fuse(inputs, params, fuseOptions), searchMs: 0 };
  const started = performance.now();
  const chosen = await pathSearch(inputs, params, {
    fixed: { lambdaTV: params.chooseLambda === 'chem', lambdaChem: params.chooseLambda === 'tv' },
    ...(seed !== undefined ? { seed } : {}),
    ...(selection ? { selection } : {}),
    backend: options.backend,
    ...(onSearch ? { onProgress: onSearch } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const searchMs = performance.now() - started;
  const warmStart = options.warmStart ?? chosen.warmStart;
  const result = await fuse(inputs, chosen.params, { ...fuseOptions, ...(warmStart ? { warmStart } : {}) });
  result.notes.unshift(...chosen.notes);
  return { result, auto: autoParamsReport(chosen), searchMs, search: { fusions: chosen.curve.length, iterations: chosen.searchIterations, pixels: chosen.searchPixels } };
}
