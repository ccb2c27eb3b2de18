// fusion.*: fusion jobs on the compute host (src/compute/host), and their events.

import { z } from '../z.js';
import { PREVIEW_FRAME_FIELDS, previewMapsFit } from '../../../compute/public.js';
import { ElementSymbol, Float32, FusionParamsSchema, GivenFactorsSchema, Id, IterationRecordSchema, JobId } from './common.js';

/** The compute host's queue order: 'preview' > 'interactive' > 'batch' (a preview pre-empts a batch job). */
export const JobPriority = z.enum(['preview', 'interactive', 'batch']);
export type JobPriority = z.output<typeof JobPriority>;

export const FusionStartParams = z.strictObject({
  datasetId: Id,
  params: FusionParamsSchema,
  priority: JobPriority.optional(),
  /** Label of the result. */
  label: z.string().max(500).optional(),
  /** Choose λ_TV and λ_chem by cross-validation first (src/compute/autoparams); the chosen λ replace the given ones. */
  auto: z.boolean().optional(),
  /** Per-element factors for atomic % (stored in the project for the next fusion); null clears them. Without them the k-ratios are estimated from the HAADF where they can be. */
  factors: GivenFactorsSchema.nullable().optional(),
});
export const FusionStartResult = z.object({ jobId: JobId });
export const FusionCancelParams = z.strictObject({ jobId: JobId });
/** False when the job had already ended. */
export const FusionCancelResult = z.object({ cancelled: z.boolean() });

/** The compute host's preview (downsampled current maps, result units; compute/host/protocol.ts), one map per element in `elements` order. */
export const PreviewFrame = z
  .object({ ...PREVIEW_FRAME_FIELDS, elements: z.array(ElementSymbol) })
  .refine((p) => p.maps.length === p.elements.length, 'one preview map per element')
  .superRefine(previewMapsFit);
export type PreviewFrame = z.output<typeof PreviewFrame>;

export const FusionProgressEvent = z.object({
  jobId: JobId,
  record: IterationRecordSchema,
  /** Iterations planned at the record's level. */
  iterations: z.number().int().min(0),
  preview: PreviewFrame.optional(),
});
export type FusionProgressEvent = z.output<typeof FusionProgressEvent>;

/** One validation fusion of the default λ search finished (before the fusion itself starts; autoparams/path-search.ts). */
export const FusionSearchEvent = z.object({
  jobId: JobId,
  /** Validation fusions done so far. */
  done: z.number().int().min(0),
  /** The λ that validation fusion used. */
  lambdaTV: z.number().positive(),
  lambdaChem: z.number().positive(),
  /** The best λ so far (lowest held-out score). */
  best: z.object({ lambdaTV: z.number().positive(), lambdaChem: z.number().positive() }),
});
export type FusionSearchEvent = z.output<typeof FusionSearchEvent>;

export const FusionDoneEvent = z.object({ jobId: JobId, resultId: Id });
export type FusionDoneEvent = z.output<typeof FusionDoneEvent>;

export const FusionFailedEvent = z.object({
  jobId: JobId,
  reason: z.string(),
  /** True when the user cancelled it. */
  cancelled: z.boolean().optional(),
});
export type FusionFailedEvent = z.output<typeof FusionFailedEvent>;
