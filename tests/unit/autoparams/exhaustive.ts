// Held-out cases for the default λ choice and the exhaustive λ search against the truth they are judged by.
// Seeds, sizes and SNRs differ from those the search was developed on (96² and 256², seeds 21/8 and 11/5, SNR 2.5).

import { fuseWithDefaults } from '../../../src/compute/autoparams/default-fusion.js';
import type { FusionBackend } from '../../../src/compute/backend/types.js';
import { psnr } from '../../../src/compute/metrics/index.js';
import { PHANTOMS, simulateAcquisition, type AcquisitionOptions, type Phantom, type PhantomName } from '../../../src/compute/simulate/index.js';
import { fuse, type FusionResult } from '../../../src/compute/solve/fuse.js';
import type { FusionInputs } from '../../../src/compute/solve/inputs.js';
import { DEFAULT_PARAMS, type FusionParams } from '../../../src/compute/solve/params.js';

export interface Case {
  label: string;
  phantom: PhantomName;
  size: number;
  acquisition: AcquisitionOptions;
}

export const CASES: Case[] = [
  { label: 'core–shell', phantom: 'core-shell', size: 72, acquisition: { chemSnr: 2, haadfSnr: 15, seed: 13 } },
  { label: 'Ga₂O₃ films', phantom: 'ga2o3-films', size: 72, acquisition: { chemSnr: 2, haadfSnr: 15, seed: 13 } },
  { label: 'lattice', phantom: 'lattice', size: 72, acquisition: { chemSnr: 2, haadfSnr: 15, seed: 13 } },
  { label: 'Lu₂O₃ grains', phantom: 'lu2o3', size: 72, acquisition: { chemSnr: 2, haadfSnr: 15, seed: 13 } },
  { label: 'background-subtracted EELS (core–shell, arbitrary units)', phantom: 'core-shell', size: 72, acquisition: { chemSnr: 2, haadfSnr: 15, seed: 17, mapBackground: 20, mapUnits: 0.003 } },
  { label: 'high dose (Ga₂O₃, chemical SNR 12)', phantom: 'ga2o3-films', size: 72, acquisition: { chemSnr: 12, haadfSnr: 30, seed: 19 } },
];

export interface Prepared { phantom: Phantom; inputs: FusionInputs; truth: Float32Array[] }

export function prepare(c: Case): Prepared {
  const phantom = PHANTOMS[c.phantom]({ width: c.size, height: c.size, seed: 31 });
  const acq = simulateAcquisition(phantom, c.acquisition);
  const n = c.size * c.size;
  const maps = phantom.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
  const truth = phantom.elements.map((_, i) => acq.truthMaps.slice(i * n, (i + 1) * n));
  return { phantom, inputs: { width: c.size, height: c.size, elements: phantom.elements, haadf: acq.haadf, maps }, truth };
}

/** PSNR gain of each fused map over its raw map, dB, against the truth. */
export function gains(p: Prepared, maps: Float32Array[]): number[] {
  return p.inputs.maps.map((raw, i) => psnr(maps[i]!, p.truth[i]!) - psnr(raw, p.truth[i]!));
}

export const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

export async function defaultFusion(p: Prepared, backend: FusionBackend): Promise<FusionResult> {
  return (await fuseWithDefaults(p.inputs, DEFAULT_PARAMS, { backend })).result;
}

/**
 * The best mean PSNR gain over a λ grid judged against the truth: ×4 steps over 4⁴ on each axis around the defaults'
 * λ, then ×2 steps around the best, then ×2 again around that (widening past the coarse grid's edge).
 */
export async function exhaustiveBest(p: Prepared, backend: FusionBackend): Promise<{ gain: number; lambdaTV: number; lambdaChem: number; fusions: number }> {
  const seen = new Map<string, number>();
  let best = { gain: -Infinity, lambdaTV: 0, lambdaChem: 0 };
  const at = async (lambdaTV: number, lambdaChem: number) => {
    const key = `${lambdaTV}|${lambdaChem}`;
    if (seen.has(key)) return;
    const params: FusionParams = { ...DEFAULT_PARAMS, lambdaTV, lambdaChem, chooseLambda: 'none', tolerance: 1e-4 };
    const r = await fuse(p.inputs, params, { backend });
    const g = mean(gains(p, r.maps));
    seen.set(key, g);
    if (g > best.gain) best = { gain: g, lambdaTV, lambdaChem };
  };
  for (let a = -3; a <= 1; a++) for (let b = -3; b <= 1; b++) await at(DEFAULT_PARAMS.lambdaTV * 4 ** a, DEFAULT_PARAMS.lambdaChem * 4 ** b);
  for (const step of [2, 2]) {
    const c = { ...best };
    for (const fa of [1 / step, 1, step]) for (const fb of [1 / step, 1, step]) await at(c.lambdaTV * fa, c.lambdaChem * fb);
  }
  return { ...best, fusions: seen.size };
}
