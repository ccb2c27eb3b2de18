// The solver against phantoms with known truth, at chemical SNR 2.5 (the low-dose condition).
// "The defaults" are fusem's default fusion: λ chosen from the data (autoparams/default-fusion.ts), then fused to the
// tolerance; tests about the solver's iteration itself fix λ (chooseLambda 'none').

import { describe, expect, it } from 'vitest';
import type { FusionResult } from '../../../src/compute/solve/fuse.js';
import { fuseWithDefaults } from '../../../src/compute/autoparams/default-fusion.js';
import { DEFAULT_PARAMS, type FusionParams } from '../../../src/compute/solve/params.js';
import { PHANTOMS, regionComposition, simulateAcquisition, GA2O3_GA_FRACTION, type Phantom } from '../../../src/compute/simulate/index.js';
import { psnr } from '../../../src/compute/metrics/index.js';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { stackMaps } from '../../../src/compute/util/stack.js';

const SIZE = 128;

interface Run { phantom: Phantom; raw: Float32Array[]; truth: Float32Array[]; result: FusionResult }

const runs = new Map<string, Promise<Run>>();
/** One run per phantom and parameters, shared by the tests that look at it (a default fusion includes a λ search). */
function run(name: keyof typeof PHANTOMS, params: Partial<FusionParams> = {}): Promise<Run> {
  const key = `${name} ${JSON.stringify(params)}`;
  if (!runs.has(key)) runs.set(key, runOnce(name, params));
  return runs.get(key)!;
}

async function runOnce(name: keyof typeof PHANTOMS, params: Partial<FusionParams> = {}): Promise<Run> {
  const phantom = PHANTOMS[name]({ width: SIZE, height: SIZE });
  const acq = simulateAcquisition(phantom, { chemSnr: 2.5, haadfSnr: 20, seed: 3 });
  const n = SIZE * SIZE;
  const raw = phantom.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
  const truth = phantom.elements.map((_, i) => acq.truthMaps.slice(i * n, (i + 1) * n));
  const backend = new CpuBackend({ threads: 2 });
  try {
    const { result } = await fuseWithDefaults({ width: SIZE, height: SIZE, elements: phantom.elements, haadf: acq.haadf, maps: raw }, { ...DEFAULT_PARAMS, ...params }, { backend });
    return { phantom, raw, truth, result };
  } finally {
    await backend.dispose();
  }
}

/** PSNR gain of the fused over the raw map, per element (dB). */
const gains = ({ raw, truth, result }: Run) => raw.map((r, i) => psnr(result.maps[i]!, truth[i]!) - psnr(r, truth[i]!));

describe('fusion beats the raw maps at chemical SNR 2.5', { timeout: 600_000 }, () => {
  it('core–shell nanoparticles: every element gains ≥ 4 dB PSNR with the defaults', async () => {
    const r = await run('core-shell');
    for (const g of gains(r)) expect(g).toBeGreaterThan(4);
  });

  it('Ga₂O₃ films: every element gains ≥ 6 dB PSNR with the defaults', async () => {
    const r = await run('ga2o3-films');
    for (const g of gains(r)) expect(g).toBeGreaterThan(6);
  });

  it('atomic lattice: every element gains ≥ 1 dB PSNR with the defaults (lattice detected: coarse-to-fine start)', async () => {
    const r = await run('lattice');
    expect(r.result.start).toBe('coarse-to-fine');
    for (const g of gains(r)) expect(g).toBeGreaterThan(1);
  });
});

describe('stoichiometry survives fusion in counts mode', { timeout: 600_000 }, () => {
  it('Ga₂O₃ films: recovered Ga fraction within 2 percentage points of 40 % in every film region', async () => {
    const r = await run('ga2o3-films');
    const fused = stackMaps(r.result.maps);
    for (const region of r.phantom.regions!) {
      const ga = regionComposition(fused, r.phantom.elements, region.mask).Ga!;
      expect(Math.abs(ga - GA2O3_GA_FRACTION)).toBeLessThan(0.02);
    }
  });

  it('Ga₂O₃ films: the per-pixel Ga fraction x_Ga/(x_Ga + x_O) spreads ≤ 3 pp (std) in every film region (issue 10; raw maps ±11–18 pp)', async () => {
    // measured with the defaults: 0.4–0.8 pp here (128², seed 3) and held out at 112² (seed 404) and 256² (seed 505)
    const r = await run('ga2o3-films');
    const [ga, o] = r.result.maps as [Float32Array, Float32Array];
    for (const region of r.phantom.regions!) {
      const f: number[] = [];
      region.mask.forEach((inside, p) => { if (inside) f.push(ga[p]! / (ga[p]! + o[p]!)); });
      const mean = f.reduce((a, v) => a + v, 0) / f.length;
      const spread = Math.sqrt(f.reduce((a, v) => a + (v - mean) ** 2, 0) / f.length);
      expect(spread, region.name).toBeLessThan(0.03);
      expect(Math.abs(mean - GA2O3_GA_FRACTION), region.name).toBeLessThan(0.01);
    }
  });

  it('the authors’ min–max normalisation does not keep it (why counts is the default)', async () => {
    const r = await run('ga2o3-films', { normalise: 'reference', chooseLambda: 'none' });
    const fused = stackMaps(r.result.maps);
    const ga = regionComposition(fused, r.phantom.elements, r.phantom.regions![0]!.mask).Ga!;
    expect(Math.abs(ga - GA2O3_GA_FRACTION)).toBeGreaterThan(0.05);
  });

  // With fixed λ (the preset's). KNOWN REGRESSION (issue 10, reported): with λ chosen from the data the worst region
  // measured 5.5 pp off here (128², SNR 2.5) — the λ search does not yet weigh stoichiometry.
  it('core–shell: core and shell compositions within 3 percentage points of the truth (fixed λ)', async () => {
    const r = await run('core-shell', { chooseLambda: 'none' });
    const fused = stackMaps(r.result.maps);
    for (const region of r.phantom.regions!) {
      const measured = regionComposition(fused, r.phantom.elements, region.mask);
      for (const el of r.phantom.elements) expect(Math.abs(measured[el]! - region.composition[el]!)).toBeLessThan(0.03);
    }
  });
});

describe('convergence at the default step', { timeout: 600_000 }, () => {
  it('the total cost never increases over the first 20 iterations on each phantom', async () => {
    for (const name of ['core-shell', 'ga2o3-films', 'lattice'] as const) {
      const r = await run(name, { iterations: 20, haadfRefitEvery: 0, chooseLambda: 'none' });
      for (const level of ['coarse', 'full'] as const) { // the lattice starts coarse-to-fine: F is per resolution level
        const totals = r.result.history.filter((h) => h.level === level).map((h) => h.total);
        for (let k = 1; k < totals.length; k++) expect(totals[k]!, `${name} ${level} iteration ${k + 1}`).toBeLessThanOrEqual(totals[k - 1]! + 1e-9 * Math.abs(totals[k - 1]!));
      }
    }
  });

  it('on the lattice the full explicit Poisson step overshoots; backtracking halves it and keeps descending', async () => {
    // the authors' Poisson form x − b log(x + ε) (pseudoCounts 0): with pseudo-counts the explicit step no longer overshoots here
    const plain = await run('lattice', { iterations: 20, haadfRefitEvery: 0, backtrack: false, solver: 'plain', start: 'data', chooseLambda: 'none', pseudoCounts: 0 });
    const totals = plain.result.history.map((h) => h.total);
    expect(totals.some((t, k) => k > 0 && t > totals[k - 1]!)).toBe(true);
    const safe = await run('lattice', { iterations: 20, haadfRefitEvery: 0, solver: 'plain', start: 'data', chooseLambda: 'none', pseudoCounts: 0 });
    expect(safe.result.history.at(-1)!.stepScale).toBeLessThan(1);
    expect(safe.result.history.at(-1)!.total).toBeLessThan(plain.result.history.at(-1)!.total);
  });
});
