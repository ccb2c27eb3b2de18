// fusion.*: fusion jobs on the compute host (src/compute/host), and their events.

import { z } from '../z.js';
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

/** Downsampled current maps (result units), one per element in `elements` order, each width × height. */
export const PreviewFrame = z
  .object({
    width: z.number().int().min(1).max(4096),
    height: z.number().int().min(1).max(4096),
    elements: z.array(ElementSymbol),
    maps: z.array(Float32),
  })
  .refine((p) => p.maps.length === p.elements.length, 'one preview map per element')
  .refine((p) => p.maps.every((m) => m.length === p.width * p.height), 'preview maps must each hold width × height values');
export type PreviewFrame = z.output<typeof PreviewFrame>;

export const FusionProgressEvent = z.object({
  jobId: JobId,
  record: IterationRecordSchema,
  /** Iterations planned at the record's level. */
  iterations: z.number().int().min(0),
  preview: PreviewFrame.optional(),
});
export type FusionProgressEvent = z.output<typeof FusionProgressEvent>;

export const FusionDoneEvent = z.object({ jobId: JobId, resultId: Id });
export type FusionDoneEvent = z.output<typeof FusionDoneEvent>;

export const FusionFailedEvent = z.object({
  jobId: JobId,
  reason: z.string(),
  /** True when the user cancelled it. */
  cancelled: z.boolean().optional(),
});
export type FusionFailedEvent = z.output<typeof FusionFailedEvent>;
