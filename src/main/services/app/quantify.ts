// quantify.region: an element composition inside a region of interest of a result's fused maps (or a dataset's
// raw maps), computed with src/compute/quant: per element the signal and the relative concentration
// c_i = x_i / Σ_j x_j (percent), mean ± standard deviation over the region's non-vacuum pixels.

import { ApiError, type QuantifyRegionResult, type Region } from '../../../shared/api/index.js';
import { regionMask, regionStatistics, relativeConcentration, type RegionShape } from '../../../compute/quant/index.js';
import { stackMaps } from '../../../compute/util/stack.js';
import { atomMaps, compositionErrorFromSensitivities, summedComposition, UNCALIBRATED_UNIT, type Stoichiometry } from '../../../compute/kfactors/index.js';
import type { InputFileRecord } from '../../../compute/io/result/spec.js';

/** What a result says it was fused from: its elements in order, its [rows, cols], its input files with their sha256. */
export interface FusedFrom { elements: readonly string[]; shape: readonly [number, number]; inputs: readonly InputFileRecord[] }
/** A dataset's maps as loaded now, with the files they were read from. */
export interface DatasetMaps { width: number; height: number; elements: readonly string[]; maps: readonly Float32Array[]; files: readonly InputFileRecord[] }

/**
 * A result's measured maps taken from its dataset as it loads now (for a result that kept no input_<El>.npy): only when
 * they are provably the maps it was fused from — same width × height, same elements in the same order, and the same
 * input files (role and sha256) as the result recorded. A spectrum image's maps depend on the map settings, which the
 * result did not record, so they are never taken. Otherwise `why`, in a sentence (a wrong number is worse than none).
 */
export function measuredFromDataset(result: FusedFrom, now: DatasetMaps, spectrumImage: boolean): { maps: Float32Array[] } | { why: string } {
  const [height, width] = result.shape;
  if (spectrumImage) return { why: 'the result kept no input maps, and its spectrum image\'s maps depend on map settings it did not record' };
  if (now.width !== width || now.height !== height) return { why: `the dataset's maps are now ${now.height}×${now.width}, the result is ${height}×${width}` };
  if (now.elements.length !== result.elements.length || now.elements.some((el, i) => el !== result.elements[i])) {
    return { why: `the dataset's maps are now ${now.elements.join(', ')}, the result has ${result.elements.join(', ')}` };
  }
  const key = (files: readonly InputFileRecord[]) => files.map((f) => `${f.role}\u0000${f.sha256}`).sort().join('\n');
  if (result.inputs.length === 0 || key(result.inputs) !== key(now.files)) return { why: 'the dataset\'s files changed since the fusion (sha256 differs)' };
  if (now.maps.some((m) => m.length !== width * height)) return { why: 'the dataset\'s maps do not hold the result\'s pixels' };
  return { maps: [...now.maps] };
}

/** quantify.region's `percentNotComposition` for a result fused with the reference normalisation (its γ scan is refused for the same reason). */
export const PER_MAP_SCALED_SHARES = 'the fused maps\' shares are no composition: the result was fused with normalisation "reference", which scales each map to [0, 1] on its own (the summed measured maps give the composition; fuse with normalisation "counts" for fused-map shares)';

/** The API's region (rect by corner and size; ellipse rotation counter-clockwise on screen) as a quant shape. */
export function toShape(region: Region): RegionShape {
  switch (region.kind) {
    case 'point': return { kind: 'point', x: region.x, y: region.y };
    case 'rect': return { kind: 'rectangle', x0: region.x, y0: region.y, x1: region.x + region.width, y1: region.y + region.height };
    // quant turns rx from +x towards +y (clockwise on screen, y down); the API's angle is counter-clockwise
    case 'ellipse': return { kind: 'ellipse', cx: region.cx, cy: region.cy, rx: region.rx, ry: region.ry, rotation: -(region.rotation ?? 0) };
    case 'polygon': return { kind: 'polygon', points: region.points.map(([x, y]) => [x, y] as [number, number]) };
  }
}

/** Mean and sample standard deviation of `values` over the mask. */
function meanStd(values: Float32Array, mask: Uint8Array): { mean: number; std: number } {
  let n = 0, s = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k]) { n++; s += values[k]!; }
  const mean = n > 0 ? s / n : NaN;
  let v = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k]) v += (values[k]! - mean) ** 2;
  return { mean, std: n > 1 ? Math.sqrt(v / (n - 1)) : 0 };
}

/** The region's pixel mask (a bad region is a bad request). */
export function regionPixels(region: Region, width: number, height: number): { mask: Uint8Array; count: number } {
  const masked = regionMask(toShape(region), width, height);
  if (!masked.ok) throw new ApiError('bad-request', masked.error);
  return masked;
}

/**
 * `stderr`: the maps' standard errors (one per element, same units), giving each element's percentStderr.
 * `stoichiometry`: what the result's compositions are; with sensitivities the composition is of the atom maps
 * x_i = y_i / s_i (atomic %), and percentStderr also carries the sensitivities' errors (percentKStderr, in quadrature).
 * `measured`: the maps the result was fused from (input units); then each element also gets `summed`, its share of the
 * region's summed measured maps over the pixels used (kfactors/composition.ts: unbiased whatever the fusion's smoothing);
 * measured maps that are not one width × height map per element give none. `summedNote`: why `measured` is null, if known
 * (the result's summedNote says why there is no summed column).
 */
export function quantifyRegion(
  maps: Float32Array[], elements: string[], width: number, height: number, units: string, region: Region, stderr?: Float32Array[],
  stoichiometry?: Stoichiometry | null, measured?: Float32Array[] | null, summedNote?: string,
): QuantifyRegionResult {
  const masked = regionPixels(region, width, height);
  const calibrated = stoichiometry?.sensitivities ? stoichiometry : null;
  const atoms = calibrated ? atomMaps(maps, calibrated) : maps;
  const sigma = stderr && stderr.length === maps.length ? stackMaps(calibrated ? atomMaps(stderr, calibrated) : stderr) : undefined;
  const stats = regionStatistics(stackMaps(atoms), elements, masked.mask, sigma ? { stderr: sigma } : {});
  if (!stats.ok) throw new ApiError('input', stats.error);
  const kErr = calibrated ? compositionErrorFromSensitivities(stats.elements.map((e) => e.mean), calibrated) : null;
  let summed: ReturnType<typeof summedComposition> = null;
  let why = measured ? null : summedNote ?? null;
  if (measured && (measured.length !== maps.length || measured.some((m) => m.length !== width * height))) {
    why = 'the measured maps do not match the result\'s elements and pixels'; // never a share of the wrong pixels
  } else if (measured) {
    const valid = relativeConcentration(stackMaps(atoms), elements.length).valid; // the pixels the statistics used: the region's non-vacuum ones
    const used = Uint8Array.from(masked.mask, (m, p) => (m && valid[p] ? 1 : 0));
    summed = summedComposition(measured, stoichiometry ?? { basis: 'uncalibrated', unit: UNCALIBRATED_UNIT, elements, sensitivities: null, standardErrors: null, note: '' }, used, width, height);
    if (!summed) why = 'the region\'s summed measured maps hold no signal';
  }
  return {
    pixels: masked.count,
    units,
    compositionUnit: stoichiometry?.unit ?? UNCALIBRATED_UNIT,
    ...(why ? { summedNote: `no summed-maps composition: ${why}` } : {}),
    elements: stats.elements.map((e, i) => {
      const se = e.meanStderr !== undefined && Number.isFinite(e.meanStderr) ? e.meanStderr : null;
      const k = kErr ? kErr[i]! : null;
      return {
        element: e.element,
        signal: meanStd(maps[i]!, masked.mask),
        percent: { mean: 100 * e.mean, std: 100 * e.std },
        percentStderr: se === null && !k ? null : 100 * Math.hypot(se ?? 0, k ?? 0),
        percentKStderr: k === null ? null : 100 * k,
        ...(summed ? { summed: { percent: 100 * summed[i]!.fraction, stderr: 100 * Math.hypot(summed[i]!.stderr, summed[i]!.kStderr) } } : {}),
      };
    }),
  };
}
