// γ sensitivity (the paper's supplementary analysis): re-fuse the same data over a range of HAADF exponents γ and
// report how the composition moves — stoichiometry that shifts a lot with γ deserves less trust.

import type { FusionBackend } from '../backend/types.js';
import { regionStatistics } from '../quant/index.js';
import { stackMaps } from '../util/stack.js';
import { fuse } from '../solve/fuse.js';
import type { FusionInputs } from '../solve/inputs.js';
import type { FusionParams } from '../solve/params.js';

export interface GammaPoint {
  gamma: number;
  /** Per element: relative concentration x_i / Σ_j x_j over the region's non-vacuum pixels, mean ± std (fractions). */
  composition: Record<string, { mean: number; std: number }>;
  /** Pixels used (vacuum excluded by quant's threshold). */
  pixels: number;
}

export interface GammaScan {
  points: GammaPoint[];
  /** Per element: max − min of the mean composition over the γ range (fractions). */
  spread: Record<string, number>;
}

/**
 * The composition of fused maps (one per element, `width` × `height`) inside `mask`: per element the relative
 * concentration x_i / Σ_j x_j over the mask's non-vacuum pixels, mean ± std (fractions). Throws when no pixel is usable.
 */
export function compositionOf(
  maps: readonly Float32Array[], elements: readonly string[], width: number, height: number, mask: Uint8Array,
): Omit<GammaPoint, 'gamma'> {
  if (maps.some((m) => m.length !== width * height)) throw new RangeError(`maps must each hold ${width}×${height} values`);
  const stats = regionStatistics(stackMaps(maps), elements, mask);
  if (!stats.ok) throw new Error(stats.error);
  return { pixels: stats.used, composition: Object.fromEntries(stats.elements.map((e) => [e.element, { mean: e.mean, std: e.std }])) };
}

/** Per element: max − min of the mean composition over the points. */
export function compositionSpread(points: readonly Pick<GammaPoint, 'composition'>[], elements: readonly string[]): Record<string, number> {
  return Object.fromEntries(elements.map((el) => {
    const means = points.map((p) => p.composition[el]!.mean);
    return [el, Math.max(...means) - Math.min(...means)];
  }));
}

/** Fuse `inputs` at every γ in `gammas` (other parameters as given) and measure the composition inside `mask` (default: all pixels). */
export async function gammaScan(
  inputs: FusionInputs, params: FusionParams, gammas: readonly number[],
  options: { backend: FusionBackend; mask?: Uint8Array; signal?: AbortSignal },
): Promise<GammaScan> {
  const n = inputs.width * inputs.height;
  const mask = options.mask ?? new Uint8Array(n).fill(1);
  const points: GammaPoint[] = [];
  for (const gamma of gammas) {
    const result = await fuse(inputs, { ...params, gamma }, { backend: options.backend, ...(options.signal ? { signal: options.signal } : {}) });
    let measured: Omit<GammaPoint, 'gamma'>;
    try {
      measured = compositionOf(result.maps, result.elements, result.width, result.height, mask);
    } catch (e) {
      throw new Error(`γ = ${gamma}: ${(e as Error).message}`);
    }
    points.push({ gamma, ...measured });
  }
  return { points, spread: compositionSpread(points, inputs.elements) };
}
