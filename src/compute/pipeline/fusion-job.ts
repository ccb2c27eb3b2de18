// One fusion job, the same for `fusem fuse`, the compute host (the app) and sweeps (docs/ARCHITECTURE.md):
//   parameter choice → fuse → standard errors → report entries.
// Writing the result folder is the caller's (compute/io/result), as is choosing the backend (compute/node).

import { fuseWithDefaults, type AutoParamsReport } from '../autoparams/index.js';
import type { SearchProgress } from '../autoparams/path-search.js';
import type { FusionBackend } from '../backend/types.js';
import type { FusionOptions, FusionProgress, FusionResult } from '../solve/fuse.js';
import type { FusionInputs } from '../solve/inputs.js';
import type { FusionParams } from '../solve/params.js';
import type { StandardErrors, StderrReport } from '../uncertainty/index.js';

/** What to run. */
export interface FusionJobSpec {
  /** The parameters as given (by flags, the app's form, a sweep's grid). */
  params: FusionParams;
  /** Choose both λ from the data whatever params.chooseLambda says (the default already chooses the λ not given). */
  auto?: boolean;
  /** Compute per-pixel standard errors (uncertainty/, the solver's sandwich estimate). */
  stderr?: boolean;
  /** With `stderr`: the Cramér–Rao bound too, for the report's averageCramerRao (default true). */
  cramerRao?: boolean;
  /** Start the fusion from these maps (result units). */
  warmStart?: Float32Array[];
}

/** The fusion step: fuse() on the job's backend, or an injected one that brings its own (a sweep on the compute host). */
export type FuseStep = (
  inputs: FusionInputs, params: FusionParams, options: Omit<FusionOptions, 'backend'> & { backend?: FusionBackend | undefined },
) => Promise<FusionResult>;

export interface FusionJobOptions {
  /** The array kernels; the caller owns them. Needed unless `fuse` is given. */
  backend?: FusionBackend;
  /** The fusion step, when it runs elsewhere (a sweep on the compute host): then λ are taken as given. */
  fuse?: FuseStep;
  signal?: AbortSignal;
  /** Each iteration of the fusion itself (not of the validation fusions of the parameter choice). */
  onProgress?: (p: FusionProgress) => void;
  /** Each validation fusion of the λ search (autoparams/path-search.ts). */
  onSearch?: (p: SearchProgress) => void;
}

/** A result's standard errors: the maps (sandwich of the solver's estimate), the Cramér–Rao bound, the report entry. */
export interface JobStandardErrors {
  maps: StandardErrors;
  bound?: StandardErrors;
  report: StderrReport;
}

export interface FusionJobResult {
  result: FusionResult;
  /** report.json's `auto`, when λ was chosen from the data. */
  auto?: AutoParamsReport;
  stderr?: JobStandardErrors;
}

/**
 * Step 3: standard errors of `result` — the solver's sandwich maps, and (by default) the Cramér–Rao bound (uncertainty/,
 * loaded here: a fusion without standard errors does not load it).
 */
export async function jobStandardErrors(inputs: FusionInputs, result: FusionResult, cramerRao = true): Promise<JobStandardErrors> {
  const { standardErrorMaps, stderrReport } = await import('../uncertainty/index.js');
  const maps = standardErrorMaps(inputs, result, { method: 'solver' });
  if (!cramerRao) return { maps, report: stderrReport(maps) };
  const bound = standardErrorMaps(inputs, result, { method: 'fisher' });
  return { maps, bound, report: stderrReport(maps, bound) };
}

/**
 * Runs one fusion job: parameters (the one place they are chosen: λ from the data as params.chooseLambda asks, or both
 * with spec.auto — autoparams/default-fusion.ts), the fusion, standard errors; throws what fuse() throws
 * (FusionCancelled, FusionDiverged).
 */
export async function runFusionJob(inputs: FusionInputs, spec: FusionJobSpec, options: FusionJobOptions): Promise<FusionJobResult> {
  const params: FusionParams = spec.auto ? { ...spec.params, chooseLambda: 'both' } : spec.params;
  const common = {
    ...(spec.warmStart ? { warmStart: spec.warmStart } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  let job: FusionJobResult;
  if (options.fuse) {
    job = { result: await options.fuse(inputs, params, { backend: options.backend, ...common }) };
  } else {
    if (!options.backend) throw new Error('a fusion job needs a backend, or a fusion step that brings its own');
    const fused = await fuseWithDefaults(inputs, params, { backend: options.backend, ...common, ...(options.onSearch ? { onSearch: options.onSearch } : {}) });
    job = { result: fused.result, ...(fused.auto ? { auto: fused.auto } : {}) };
  }
  if (spec.stderr) job.stderr = await jobStandardErrors(inputs, job.result, spec.cramerRao ?? true);
  return job;
}
