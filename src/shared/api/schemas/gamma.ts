// gamma.scan: how a result's composition moves with the HAADF exponent γ (the paper's γ-sensitivity analysis).

import { z } from '../z.js';
import { ElementSymbol, Id } from './common.js';
import { Region } from './quantify.js';

export const GammaScanParams = z.strictObject({
  resultId: Id,
  /** The γ to fuse at, each in (1, 3]. */
  gammas: z.array(z.number().gt(1).max(3)).min(1).max(20),
  /** Where to measure (default: the whole image's non-vacuum pixels). */
  region: Region.optional(),
});
export type GammaScanParams = z.output<typeof GammaScanParams>;

const MeanStd = z.object({ mean: z.number(), std: z.number().min(0) });

export const GammaScanPoint = z.object({
  gamma: z.number(),
  /** Pixels measured (vacuum excluded). */
  pixels: z.number().int().min(0),
  /** Per element: relative concentration in percent, mean ± std over the pixels. */
  percent: z.record(ElementSymbol, MeanStd),
});
export type GammaScanPoint = z.output<typeof GammaScanPoint>;

export const GammaScanResult = z.object({
  points: z.array(GammaScanPoint),
  /** Per element: max − min of the mean percent over the γ values, percentage points. */
  spread: z.record(ElementSymbol, z.number()),
});
export type GammaScanResult = z.output<typeof GammaScanResult>;
