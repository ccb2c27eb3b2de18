// The solver against phantoms with known truth, at chemical SNR 2.5 (the low-dose condition).

import { describe, expect, it } from 'vitest';
import { fuse, type FusionResult } from '../../../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS, type FusionParams } from '../../../src/compute/solve/params.js';
import { PHANTOMS, regionComposition, simulateAcquisition, GA2O3_GA_FRACTION, type Phantom } from '../../../src/compute/simulate/index.js';
import { psnr } from '../../../src/compute/metrics/index.js';
import { CpuBackend } from '../../../src/compute/node/index.js';

const SIZE = 128;

interface Run { phantom: Phantom; raw: Float32Array[]; truth: Float32Array[]; result: FusionResult }

async function run(name: keyof typeof PHANTOMS, params: Partial<FusionParams> = {}): Promise<Run> {
  const phantom = PHANTOMS[name]({ width: SIZE, height: SIZE });
  const acq = simulateAcquisition(phantom, { chemSnr: 2.5, haadfSnr: 20, seed: 3 });
  const n = SIZE * SIZE;
  const raw = phantom.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
  const truth = phantom.elements.map((_, i) => acq.truthMaps.slice(i * n, (i + 1) * n));
  const backend = new CpuBackend({ threads: 2 });
  try {
    const result = await fuse({ width: SIZE, height: SIZE, elements: phantom.elements, haadf: acq.haadf, maps: raw }, { ...DEFAULT_PARAMS, ...params }, { backend });
    return { phantom, raw, truth, result };
  } finally {
    await backend.dispose();
  }
}

/** PSNR gain of the fused over the raw map, per element (dB). */
const gains = ({ raw, truth, result }: Run) => raw.map((r, i) => psnr(result.maps[i]!, truth[i]!) - psnr(r, truth[i]!));

function stack(maps: Float32Array[]): Float32Array {
  const out = new Float32Array(maps.length * maps[0]!.length);
  maps.forEach((m, i) => out.set(m, i * m.length));
  return out;
}

describe('fusion beats the raw maps at chemical SNR 2.5', () => {
  it('core–shell nanoparticles: every element gains ≥ 4 dB PSNR with the defaults', async () => {
    const r = await run('core-shell');
    for (const g of gains(r)) expect(g).toBeGreaterThan(4);
  });

  it('Ga₂O₃ films: every element gains ≥ 6 dB PSNR with the defaults', async () => {
    const r = await run('ga2o3-films');
    for (const g of gains(r)) expect(g).toBeGreaterThan(6);
  });

  it('atomic lattice: every element gains ≥ 1 dB PSNR with λ_TV = 0.005 (atomic-resolution setting)', async () => {
    const r = await run('lattice', { lambdaTV: 0.005 });
    for (const g of gains(r)) expect(g).toBeGreaterThan(1);
  });
});

describe('stoichiometry survives fusion in counts mode', () => {
  it('Ga₂O₃ films: recovered Ga fraction within 2 percentage points of 40 % in every film region', async () => {
    const r = await run('ga2o3-films');
    const fused = stack(r.result.maps);
    for (const region of r.phantom.regions!) {
      const ga = regionComposition(fused, r.phantom.elements, region.mask).Ga!;
      expect(Math.abs(ga - GA2O3_GA_FRACTION)).toBeLessThan(0.02);
    }
  });

  it('the authors’ min–max normalisation does not keep it (why counts is the default)', async () => {
    const r = await run('ga2o3-films', { normalise: 'reference' });
    const fused = stack(r.result.maps);
    const ga = regionComposition(fused, r.phantom.elements, r.phantom.regions![0]!.mask).Ga!;
    expect(Math.abs(ga - GA2O3_GA_FRACTION)).toBeGreaterThan(0.05);
  });

  it('core–shell: core and shell compositions within 3 percentage points of the truth', async () => {
    const r = await run('core-shell');
    const fused = stack(r.result.maps);
    for (const region of r.phantom.regions!) {
      const measured = regionComposition(fused, r.phantom.elements, region.mask);
      for (const el of r.phantom.elements) expect(Math.abs(measured[el]! - region.composition[el]!)).toBeLessThan(0.03);
    }
  });
});

describe('convergence at the default step', () => {
  it('the total cost never increases over the first 20 iterations on each phantom', async () => {
    for (const name of ['core-shell', 'ga2o3-films', 'lattice'] as const) {
      const r = await run(name, { iterations: 20, haadfRefitEvery: 0 });
      const totals = r.result.history.map((h) => h.total);
      for (let k = 1; k < totals.length; k++) expect(totals[k]!, `${name} iteration ${k + 1}`).toBeLessThanOrEqual(totals[k - 1]! + 1e-9 * Math.abs(totals[k - 1]!));
    }
  });

  it('on the lattice the full explicit Poisson step overshoots; backtracking halves it and keeps descending', async () => {
    const plain = await run('lattice', { iterations: 20, haadfRefitEvery: 0, backtrack: false });
    const totals = plain.result.history.map((h) => h.total);
    expect(totals.some((t, k) => k > 0 && t > totals[k - 1]!)).toBe(true);
    const safe = await run('lattice', { iterations: 20, haadfRefitEvery: 0 });
    expect(safe.result.history.at(-1)!.stepScale).toBeLessThan(1);
    expect(safe.result.history.at(-1)!.total).toBeLessThan(plain.result.history.at(-1)!.total);
  });
});
