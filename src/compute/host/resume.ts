// Resuming a pre-empted job: the next attempt is warm-started from the iterate the cancelled one reached and
// runs the iterations left; its records continue the earlier ones (iteration numbers and elapsed time) and the
// final result reports the whole run. The resumed run restarts the solver's internal state (backtracking step,
// HAADF refit schedule), so it is close to, not bit-identical with, an uninterrupted run; 'restart' pre-emption
// gives the identical result at the cost of the work done.

import type { AutoParamsReport } from '../autoparams/report.js';
import type { FusionResult } from '../solve/fuse.js';
import type { IterationRecord } from '../solve/history.js';
import type { FusionParams } from '../solve/params.js';
import type { FuseOptions, PartialRun } from './protocol.js';

/** Where a pre-empted job stands after one or more attempts. */
export interface ResumePoint {
  /** Records of all earlier attempts, numbered as one run. */
  history: IterationRecord[];
  /** Full-resolution iterations done. */
  fullIterations: number;
  /** Compute time of the earlier attempts, ms. */
  wallMs: number;
  /** The iterate reached (result units): the next attempt's warm start. */
  maps: Float32Array[];
  /** FuseOptions.auto: the λ chosen by the first attempt, which the next ones fuse with instead of choosing again. */
  auto?: AutoParamsReport;
}

/** A record of an attempt that started at `point`, numbered as part of the whole run. */
export function continueRecord(record: IterationRecord, point: ResumePoint | undefined): IterationRecord {
  if (!point) return record;
  return {
    ...record,
    iteration: record.level === 'full' ? record.iteration + point.fullIterations : record.iteration,
    elapsedMs: record.elapsedMs + point.wallMs,
  };
}

/** The resume point after an attempt that started at `point` (undefined: the first) was cancelled at `partial`. */
export function advance(point: ResumePoint | undefined, partial: PartialRun): ResumePoint {
  return {
    history: [...(point?.history ?? []), ...partial.history.map((r) => continueRecord(r, point))],
    fullIterations: (point?.fullIterations ?? 0) + partial.history.filter((r) => r.level === 'full').length,
    wallMs: (point?.wallMs ?? 0) + partial.wallMs,
    maps: partial.maps,
    ...(partial.auto ?? point?.auto ? { auto: (partial.auto ?? point?.auto)! } : {}),
  };
}

/** Parameters and options of the attempt that resumes from `point`. */
export function resumeRequest(params: FusionParams, options: FuseOptions, point: ResumePoint): { params: FusionParams; options: FuseOptions } {
  const chosen = point.auto ? { lambdaTV: point.auto.chosen.lambdaTV, lambdaChem: point.auto.chosen.lambdaChem } : {};
  return {
    params: { ...params, ...chosen, iterations: Math.max(1, params.iterations - point.fullIterations) },
    options: { ...options, warmStart: point.maps, ...(point.auto ? { auto: false } : {}) },
  };
}

/** The result of the whole run from the result of its last attempt (which started at `point`). */
export function wholeRun(result: FusionResult, point: ResumePoint | undefined, params: FusionParams, options: FuseOptions): FusionResult {
  if (!point) return result;
  const start: FusionResult['start'] = options.warmStart ? 'warm' : point.history.some((r) => r.level === 'coarse') ? 'coarse-to-fine' : 'data';
  return {
    ...result,
    params: { ...result.params, iterations: params.iterations },
    history: [...point.history, ...result.history.map((r) => continueRecord(r, point))],
    iterationsRun: result.iterationsRun + point.fullIterations,
    start,
    wallMs: result.wallMs + point.wallMs,
  };
}
