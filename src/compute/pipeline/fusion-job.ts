// One fusion job, the same for `fusem fuse`, the compute host (the app) and sweeps (docs/ARCHITECTURE.md):
//   parameter choice → fuse → standard errors → report entries.
// Writing the result folder is the caller's (compute/io/result), as is choosing the backend (compute/node).

import { autoParams, autoParamsReport, type AutoParamsReport, type AutoParamsResult } from '../autoparams/index.js';
import type { FusionBackend } from '../backend/types.js';
import { fuse, FusionCancelled, type FusionOptions, type FusionProgress, type FusionResult } from '../solve/fuse.js';
import type { FusionInputs } from '../solve/inputs.js';
import type { FusionParams } from '../solve/params.js';
import { standardErrorMaps, stderrReport, type StandardErrors, type StderrReport } from '../uncertainty/index.js';

/** What to run. */
export interface FusionJobSpec {
  /** The parameters as given (by flags, the app's form, a sweep's grid). */
  params: FusionParams;
  /** Choose λ_TV and λ_chem from the data (cross-validation, compute/autoparams) instead of taking them as given. */
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
  /** The array kernels; the caller owns them. Needed unless `fuse` is given (and for `auto`, always). */
  backend?: FusionBackend;
  /** The fusion step, when it runs elsewhere (default: fuse() on `backend`). */
  fuse?: FuseStep;
  signal?: AbortSignal;
  /** Each iteration of the fusion itself (not of the validation fusions of the parameter choice). */
  onProgress?: (p: FusionProgress) => void;
  /** Once the parameters are chosen, before the fusion starts. */
  onParameters?: (chosen: ChosenParameters) => void;
}

/** The parameters a fusion runs with, and, when they were chosen from the data, how. */
export interface ChosenParameters {
  params: FusionParams;
  /** With `auto`: the validation curve and the choice. */
  auto?: AutoParamsResult;
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
 * Step 1, the one place where a job's parameters are chosen: as given, or (auto) λ_TV and λ_chem by
 * cross-validation on the data with every other parameter kept.
 */
export async function chooseParameters(
  inputs: FusionInputs, spec: Pick<FusionJobSpec, 'params' | 'auto'>, options: Pick<FusionJobOptions, 'backend' | 'signal'>,
): Promise<ChosenParameters> {
  if (!spec.auto) return { params: spec.params };
  if (!options.backend) throw new Error('choosing parameters from the data needs a backend');
  const chosen = await autoParams(inputs, spec.params, { backend: options.backend, ...(options.signal ? { signal: options.signal } : {}) });
  return { params: chosen.params, auto: chosen };
}

/** Step 3: standard errors of `result` — the solver's sandwich maps, and (by default) the Cramér–Rao bound (uncertainty/). */
export function jobStandardErrors(inputs: FusionInputs, result: FusionResult, cramerRao = true): JobStandardErrors {
  const maps = standardErrorMaps(inputs, result, { method: 'solver' });
  if (!cramerRao) return { maps, report: stderrReport(maps) };
  const bound = standardErrorMaps(inputs, result, { method: 'fisher' });
  return { maps, bound, report: stderrReport(maps, bound) };
}

/** fuse() on the job's backend. */
const fuseOnBackend: FuseStep = (inputs, params, options) => {
  const { backend } = options;
  if (!backend) throw new Error('a fusion job needs a backend, or a fusion step that brings its own');
  return fuse(inputs, params, { ...options, backend });
};

/** Runs one fusion job: parameters, fusion, standard errors; throws what fuse() throws (FusionCancelled, FusionDiverged). */
export async function runFusionJob(inputs: FusionInputs, spec: FusionJobSpec, options: FusionJobOptions): Promise<FusionJobResult> {
  const chosen = await chooseParameters(inputs, spec, options);
  if (options.signal?.aborted) throw new FusionCancelled(); // between the choice and the fusion: nothing to resume from
  options.onParameters?.(chosen);
  const fuseStep = options.fuse ?? fuseOnBackend;
  const result = await fuseStep(inputs, chosen.params, {
    backend: options.backend,
    ...(spec.warmStart ? { warmStart: spec.warmStart } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const job: FusionJobResult = { result };
  if (chosen.auto) job.auto = autoParamsReport(chosen.auto);
  if (spec.stderr) job.stderr = jobStandardErrors(inputs, result, spec.cramerRao ?? true);
  return job;
}
