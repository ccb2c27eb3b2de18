// Small simulated fusion problems for the compute-host tests, and an in-process reference run.

import { createBackend } from '../../../src/compute/node/index.js';
import { fuse, type FusionResult } from '../../../src/compute/solve/fuse.js';
import type { FusionInputs } from '../../../src/compute/solve/inputs.js';
import { DEFAULT_PARAMS, type FusionParams } from '../../../src/compute/solve/params.js';
import { ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import type { FuseRequest } from '../../../src/compute/host/protocol.js';

/** A ga2o3Films acquisition of size × size pixels, two elements (Ga, O). */
export function filmInputs(size = 32, seed = 3): FusionInputs {
  const phantom = ga2o3Films({ width: size, height: size, seed });
  const acq = simulateAcquisition(phantom, { seed, chemDose: 20 });
  const n = size * size;
  return { width: size, height: size, elements: [...phantom.elements], haadf: acq.haadf, maps: phantom.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n)) };
}

export function params(iterations: number, more: Partial<FusionParams> = {}): FusionParams {
  return { ...DEFAULT_PARAMS, iterations, ...more };
}

/** The same fusion in this process, on the backend the tests ask the compute process for. */
export async function fuseHere(inputs: FusionInputs, p: FusionParams): Promise<FusionResult> {
  const backend = await createBackend('cpu', { threads: 1 });
  try {
    return await fuse(inputs, p, { backend });
  } finally {
    await backend.dispose();
  }
}

/** Largest |a − b| / max(|b|), over all maps. */
export function maxRelativeDifference(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  let diff = 0, scale = 0;
  a.forEach((m, i) => m.forEach((v, k) => {
    diff = Math.max(diff, Math.abs(v - b[i]![k]!));
    scale = Math.max(scale, Math.abs(b[i]![k]!));
  }));
  return diff / (scale || 1);
}

export function fuseRequest(jobId: string, iterations = 3): FuseRequest {
  return { type: 'fuse', jobId, inputs: filmInputs(16), params: params(iterations), options: { backend: 'cpu', threads: 1 } };
}
