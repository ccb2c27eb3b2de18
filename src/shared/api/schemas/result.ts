// result.*: fused maps of the open project (results/<id>/ in the `fusem fuse` layout).

import { z } from '../z.js';
import { ElementImage, ElementSymbol, FusionParamsSchema, Id, ImageArray, IsoTime, IterationRecordSchema, Label, Shape } from './common.js';

export const ResultSummary = z.object({
  id: Id,
  datasetId: Id,
  label: Label.optional(),
  created: IsoTime,
  elements: z.array(ElementSymbol),
  /** [rows, cols] */
  shape: Shape,
  /** Units of the fused maps (the maps' own units in counts mode). */
  units: z.string().max(64),
  params: FusionParamsSchema,
  iterationsRun: z.number().int().min(0),
  stoppedBy: z.enum(['iterations', 'tolerance']),
  wallMs: z.number().min(0),
  backend: z.string().max(200),
});
export type ResultSummary = z.output<typeof ResultSummary>;

export const ResultListResult = z.object({ results: z.array(ResultSummary) });
export const ResultGetParams = z.strictObject({ resultId: Id });
export const ResultRenameParams = z.strictObject({ resultId: Id, label: Label.min(1) });

export const StderrSummary = z.object({
  /** 'solver' (see src/compute/uncertainty). */
  method: z.string().max(64),
  units: z.string().max(64),
  average: z.record(z.string(), z.number()),
  /** The same average for the Cramér–Rao bound (report.json's `averageCramerRao`), where the result has it. */
  averageCramerRao: z.record(z.string(), z.number()).optional(),
});
export type StderrSummary = z.output<typeof StderrSummary>;

const Lambdas = { lambdaTV: z.number(), lambdaChem: z.number() };

export const AutoSummary = z.object({
  /** 'thinning', 'fission' or 'checkerboard' (src/compute/autoparams). */
  method: z.string().max(64),
  chosen: z.object(Lambdas),
  /** Every grid point (full-data λ) with its mean held-out score; lower is better. */
  curve: z.array(z.object({ ...Lambdas, score: z.number() })),
});
export type AutoSummary = z.output<typeof AutoSummary>;

/** What a result's compositions are (report.json's `stoichiometry`): the unit label and the sensitivities behind it. */
export const StoichiometrySummary = z.object({
  basis: z.enum(['given', 'estimated', 'combined', 'uncalibrated']),
  /** The label every composition of this result carries. */
  unit: z.string().max(200),
  /** Map counts per atom, first element 1, in `result.elements` order; null when uncalibrated. */
  sensitivities: z.array(z.number()).nullable(),
  standardErrors: z.array(z.number()).nullable(),
  /** One sentence: where the unit comes from (and, when not calibrated, why). */
  note: z.string().max(2000),
});
export type StoichiometrySummary = z.output<typeof StoichiometrySummary>;

export const ResultData = z.object({
  result: ResultSummary,
  /** Fused maps x_i, in `result.units`. */
  maps: z.array(ElementImage),
  /** Standard-error maps, where they were computed (else empty): one per element, in `result.units`. */
  stderr: z.array(ElementImage),
  /** How the standard errors were computed and their mean per element where it is present (elements absent everywhere left out). */
  stderrSummary: StderrSummary.nullable(),
  /** How λ_TV and λ_chem were chosen, when the fusion chose them (fusion.start `auto`). */
  auto: AutoSummary.nullable(),
  /** What the compositions are; null for results made before fusem knew (their compositions are map-intensity ratios). */
  stoichiometry: StoichiometrySummary.nullable().optional(),
  history: z.array(IterationRecordSchema),
  /** The inputs as fused (HAADF and raw maps), kept with the result so it can be shown when the dataset's files are gone. */
  inputs: z.object({
    haadf: ImageArray,
    maps: z.array(ElementImage),
    pixelSize: z.object({ value: z.number().positive(), unit: z.string().max(16) }).nullable(),
  }).nullable(),
});
export type ResultData = z.output<typeof ResultData>;
