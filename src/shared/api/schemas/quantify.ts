// quantify.region: composition inside a region of interest of a result (or of a dataset's raw maps).

import { z } from '../z.js';
import { ElementSymbol, Id } from './common.js';

/** Pixel coordinates: x to the right, y down, (0, 0) the top-left pixel's corner. */
const Coord = z.number().min(-1e6).max(1e6);
const Extent = z.number().min(0).max(1e6);

/** Most polygon vertices accepted. */
export const MAX_POLYGON_POINTS = 10000;

export const Region = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('point'), x: Coord, y: Coord }),
  z.strictObject({ kind: z.literal('rect'), x: Coord, y: Coord, width: Extent, height: Extent }),
  /** Centre, semi-axes, and rotation in radians (counter-clockwise from +x). */
  z.strictObject({ kind: z.literal('ellipse'), cx: Coord, cy: Coord, rx: Extent, ry: Extent, rotation: z.number().optional() }),
  z.strictObject({ kind: z.literal('polygon'), points: z.array(z.tuple([Coord, Coord])).min(3).max(MAX_POLYGON_POINTS) }),
]);
export type Region = z.output<typeof Region>;

export const QuantifyRegionParams = z.union([
  z.strictObject({ resultId: Id, region: Region }),
  z.strictObject({ datasetId: Id, region: Region }),
]);
export type QuantifyRegionParams = z.output<typeof QuantifyRegionParams>;

const MeanStd = z.object({ mean: z.number(), std: z.number().min(0) });

export const QuantifyRegionResult = z.object({
  /** Pixels inside the region. */
  pixels: z.number().int().min(0),
  /** Units of `signal`. */
  units: z.string().max(64),
  /** What `percent` is: "atomic % (k-factors given)" (or "… given ± …"), "atomic % (k-ratios estimated from HAADF ± …)", "atomic % (k-ratios from HAADF and given factors ± …)" or "map-intensity ratio (not calibrated)". */
  compositionUnit: z.string().max(200),
  /**
   * Results fused with `normalise: 'reference'` only: why `percent` is no composition (each map was min–max scaled to [0, 1]
   * on its own, so shares between fused maps are not shares of counts); `summed`, from the measured maps, still is one.
   */
  percentNotComposition: z.string().max(400).optional(),
  /** Results only: why the elements have no `summed` (e.g. the dataset's maps changed since the fusion and none were kept). */
  summedNote: z.string().max(400).optional(),
  elements: z.array(
    z.object({
      element: ElementSymbol,
      /** The map's value over the region's pixels. */
      signal: MeanStd,
      /** Relative concentration x_i / Σ x_j per pixel, in percent. */
      percent: MeanStd,
      /** Standard error of `percent.mean` (percentage points) from the result's standard-error maps; null for raw maps or results without them. */
      percentStderr: z.number().min(0).nullable(),
      /** The part of the error of `percent.mean` due to the k-ratios' uncertainty (percentage points); null when not atomic % from an estimate. */
      percentKStderr: z.number().min(0).nullable().optional(),
      /**
       * Results only: the element's share of the region's summed measured maps (in atoms when calibrated), percent, ± its
       * standard error (counting noise and the k-ratios' uncertainty). Unbiased by the fusion's smoothing, which can move
       * a weak map's level by 1–2 pp: the number to quote for a region's composition.
       */
      summed: z.object({ percent: z.number(), stderr: z.number().min(0) }).optional(),
    }),
  ),
});
export type QuantifyRegionResult = z.output<typeof QuantifyRegionResult>;
