// gamma.scan: re-fuse a result's dataset with the result's parameters at each γ on the compute host and measure how
// the composition inside a region moves (the paper's γ-sensitivity analysis; the measuring is
// src/compute/sensitivity's, the fusions go to the host instead of running in-process).

import { ApiError, type GammaScanResult, type Region } from '../../../shared/api/index.js';
import type { ComputeHost, FuseOptions, JobHandle } from '../../../compute/host/index.js';
import { compositionOf, compositionSpread, type GammaPoint } from '../../../compute/sensitivity/index.js';
import type { FusionInputs } from '../../../compute/solve/inputs.js';
import type { FusionParams } from '../../../compute/solve/params.js';
import { regionPixels } from './quantify.js';

export interface GammaScanJob {
  computeHost: ComputeHost;
  inputs: FusionInputs;
  /** The result's parameters; γ is replaced, and the HAADF step is derived anew for each γ (stepHaadf null). */
  params: FusionParams;
  gammas: readonly number[];
  /** Default: the whole image (its non-vacuum pixels). */
  region?: Region;
  options: FuseOptions;
  /** Called with every job submitted (so it can be cancelled), and its end. */
  track?: (job: JobHandle) => void;
}

export async function gammaScanOnHost(job: GammaScanJob): Promise<GammaScanResult> {
  const { computeHost, inputs, params, gammas, options } = job;
  const { width, height, elements } = inputs;
  const region: Region = job.region ?? { kind: 'rect', x: 0, y: 0, width, height };
  const { mask } = regionPixels(region, width, height);
  // all submitted at once: the host runs them one after another, interactive priority
  const handles = gammas.map((gamma) => computeHost.submit({ inputs, params: { ...params, gamma, stepHaadf: null }, priority: 'interactive', options }));
  for (const h of handles) job.track?.(h);
  const points: GammaPoint[] = [];
  try {
    for (const [i, gamma] of gammas.entries()) {
      const result = await handles[i]!.result;
      try {
        points.push({ gamma, ...compositionOf(result.maps, result.elements, result.width, result.height, mask) });
      } catch (e) {
        throw new ApiError('input', `γ = ${gamma}: ${(e as Error).message}`);
      }
    }
  } catch (e) {
    for (const h of handles) h.cancel();
    throw e;
  }
  const percent = (c: GammaPoint['composition']) => Object.fromEntries(Object.entries(c).map(([el, v]) => [el, { mean: 100 * v.mean, std: 100 * v.std }]));
  return {
    points: points.map((p) => ({ gamma: p.gamma, pixels: p.pixels, percent: percent(p.composition) })),
    spread: Object.fromEntries(Object.entries(compositionSpread(points, elements)).map(([el, v]) => [el, 100 * v])),
  };
}
