// result.*: fused maps of the open project (results/<id>/ in the `fusem fuse` layout).

import { z } from '../z.js';
import { ElementImage, ElementSymbol, FusionParamsSchema, Id, IsoTime, IterationRecordSchema, Label, Shape } from './common.js';

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

export const ResultData = z.object({
  result: ResultSummary,
  /** Fused maps x_i, in `result.units`. */
  maps: z.array(ElementImage),
  /** Standard-error maps, where they were computed (else empty). */
  stderr: z.array(ElementImage),
  history: z.array(IterationRecordSchema),
});
export type ResultData = z.output<typeof ResultData>;
