// sweep.*: dose/SNR sweeps (the paper's Fig. 6) in the open project, under <project>/sweeps/<sweepId>/ in the
// SweepStore layout of src/compute/sweep; and their events.

import type { PhantomName } from '../../../compute/public.js';
import { z } from '../z.js';
import { type Assignable, type Check, FusionParamsSchema, Id, IsoTime } from './common.js';

export const SweepPhantom = z.enum(['core-shell', 'core-shell-metal', 'ga2o3-films', 'lattice', 'two-phase-film', 'lu2o3']);
type _Phantoms = Check<Assignable<z.output<typeof SweepPhantom>, PhantomName>>;
type _PhantomsBack = Check<Assignable<PhantomName, z.output<typeof SweepPhantom>>>;

/** A sweep's id (`sw-<time>-<rand>`): a plain name, its folder under <project>/sweeps/. */
export const SweepId = Id;

/** One axis of the grid: SNR values > 0, each once. */
const SnrList = z
  .array(z.number().positive())
  .min(1)
  .max(32)
  .refine((xs) => new Set(xs).size === xs.length, 'must not list a value twice');

export const SweepStartParams = z.strictObject({
  phantom: SweepPhantom,
  /** Phantom side, pixels (the phantoms need at least 32). */
  size: z.number().int().min(16).max(512),
  /** Rows of the grid: HAADF SNR. */
  haadfSnr: SnrList,
  /** Columns of the grid: pooled chemical SNR. */
  chemSnr: SnrList,
  /** Noise realisations per cell. */
  realisations: z.number().int().min(1).max(20),
  /** The fusion parameters of every cell (default DEFAULT_PARAMS, as `fusem sweep`). */
  params: FusionParamsSchema.optional(),
});
export const SweepStartResult = z.object({ sweepId: SweepId });

export const SweepIdParams = z.strictObject({ sweepId: SweepId });
export const SweepResumeParams = SweepIdParams;
export const SweepResumeResult = z.object({ sweepId: SweepId });
export const SweepCancelParams = SweepIdParams;
/** False when the sweep was not running. */
export const SweepCancelResult = z.object({ cancelled: z.boolean() });
export const SweepGetParams = SweepIdParams;

const Count = z.number().int().min(0);
/** [i][j]: rows HAADF SNR, columns chemical SNR; null where the cell is missing. */
const Matrix = z.array(z.array(z.number().nullable()));

export const SweepSummary = z.object({
  sweepId: SweepId,
  phantom: SweepPhantom,
  size: z.number().int().min(1),
  haadfSnr: z.array(z.number()),
  chemSnr: z.array(z.number()),
  realisations: z.number().int().min(1),
  /** Cells in the grid, and cells finished. */
  cells: Count,
  done: Count,
  running: z.boolean(),
  created: IsoTime,
});
export type SweepSummary = z.output<typeof SweepSummary>;

/** Newest first. */
export const SweepListResult = z.object({ sweeps: z.array(SweepSummary) });

export const SweepData = z.object({
  sweepId: SweepId,
  phantom: SweepPhantom,
  haadfSnr: z.array(z.number()),
  chemSnr: z.array(z.number()),
  /** Mean over elements and realisations of the fused maps' NRMSE. */
  meanNrmse: Matrix,
  /** The same for the raw (unfused) maps. */
  rawMeanNrmse: Matrix,
  /** Predicted relative error of the fused maps (standard errors / map RMS). */
  averageStderr: Matrix,
  /** Pearson r between meanNrmse and averageStderr over the finished cells (null below 3). */
  stderrCorrelation: z.number().nullable(),
  /** Cells without a result (k = i·chemSnr.length + j), ascending. */
  missing: z.array(Count),
  complete: z.boolean(),
  running: z.boolean(),
});
export type SweepData = z.output<typeof SweepData>;

/** After each finished cell; `done` counts the grid's finished cells, `total` its cells. */
export const SweepProgressEvent = z.object({
  sweepId: SweepId,
  done: Count,
  total: Count,
  cell: Count,
  meanNrmse: z.number(),
});
export type SweepProgressEvent = z.output<typeof SweepProgressEvent>;

/** The run ended: all cells done, cancelled (`cancelled`), or stopped by a failure (`error`, not cancelled). */
export const SweepDoneEvent = z.object({
  sweepId: SweepId,
  cancelled: z.boolean(),
  error: z.string().optional(),
});
export type SweepDoneEvent = z.output<typeof SweepDoneEvent>;
