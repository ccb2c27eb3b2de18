// The default λ search (autoparams/path-search.ts): it widens past the edge of what it has tried instead of stopping
// there, keeps a λ it is told to keep, reports every validation fusion, and costs a fraction of the final fusion.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathSearch, searchCrop, type SearchProgress } from '../../../src/compute/autoparams/path-search.js';
import { fuseWithDefaults } from '../../../src/compute/autoparams/default-fusion.js';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { coreShell, ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import type { FusionInputs } from '../../../src/compute/solve/inputs.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';

const S = 48, N = S * S;
let inputs: FusionInputs;
const backend = new CpuBackend({ threads: 1 });

beforeAll(() => {
  const ph = coreShell({ width: S, height: S, seed: 5 });
  const acq = simulateAcquisition(ph, { chemSnr: 3, haadfSnr: 20, seed: 6 });
  inputs = { width: S, height: S, elements: ph.elements, haadf: acq.haadf, maps: ph.elements.map((_, i) => acq.maps.slice(i * N, (i + 1) * N)) };
});
afterAll(() => backend.dispose());

const has = (curve: { lambdaTV: number; lambdaChem: number }[], tv: number, chem: number) =>
  curve.some((c) => Math.abs(c.lambdaTV / tv - 1) < 1e-9 && Math.abs(c.lambdaChem / chem - 1) < 1e-9);

describe('pathSearch', { timeout: 300_000 }, () => {
  it('starting far above the optimum, walks down past every edge: the choice has tried neighbours on both sides', async () => {
    const start = { ...DEFAULT_PARAMS, lambdaTV: DEFAULT_PARAMS.lambdaTV * 16 };
    const seen: SearchProgress[] = [];
    // the walk itself (selection 'best': its end); the one-standard-error rule after it is the next test's
    const r = await pathSearch(inputs, start, { backend, selection: 'best', onProgress: (p) => seen.push(p) });
    expect(r.params.lambdaTV).toBeLessThanOrEqual(start.lambdaTV / 4); // it left the starting neighbourhood
    const { lambdaTV: tv, lambdaChem: chem } = r.params;
    expect(has(r.curve, tv * 2, chem) && has(r.curve, tv / 2, chem)).toBe(true); // smoothing axis: both neighbours tried
    expect(has(r.curve, tv * 2, chem * 2) && has(r.curve, tv / 2, chem / 2)).toBe(true); // balance axis: both neighbours tried
    const chosen = r.curve.find((c) => c.lambdaTV === tv && c.lambdaChem === chem)!;
    for (const c of r.curve) if (has([c], tv * 2, chem) || has([c], tv / 2, chem)) expect(c.score).toBeGreaterThanOrEqual(chosen.score * 0.99);
    expect(seen.map((p) => p.done)).toEqual(r.curve.map((_, i) => i + 1)); // one progress event per validation fusion
  });

  it('abandons trials heading for a worse score: the same choice for fewer iterations than running every trial out', async () => {
    const start = { ...DEFAULT_PARAMS, lambdaTV: DEFAULT_PARAMS.lambdaTV * 16 };
    const quick = await pathSearch(inputs, start, { backend, selection: 'best' });
    const full = await pathSearch(inputs, start, { backend, selection: 'best', abandon: false });
    expect(quick.notes.join(' ')).toMatch(/\d+ abandoned once they scored worse than the point they started from/);
    expect(full.notes.join(' ')).not.toMatch(/abandoned/);
    expect([quick.params.lambdaTV, quick.params.lambdaChem]).toEqual([full.params.lambdaTV, full.params.lambdaChem]);
    expect(quick.searchIterations).toBeLessThan(0.8 * full.searchIterations);
  });

  it('one-standard-error rule (the default): from the walk\'s best down the ridge while within one standard error, stopping at the first step beyond it', async () => {
    const best = await pathSearch(inputs, DEFAULT_PARAMS, { backend, selection: 'best' });
    const r = await pathSearch(inputs, DEFAULT_PARAMS, { backend });
    const steps = r.oneStandardError!;
    expect(steps.length).toBeGreaterThan(0);
    const taken = steps.filter((s) => s.accepted);
    // every step halves both λ (the ridge toward the HAADF), from the walk's best
    steps.forEach((s, k) => {
      expect(s.lambdaTV / best.params.lambdaTV).toBeCloseTo(2 ** -(k + 1), 12);
      expect(s.lambdaChem / best.params.lambdaChem).toBeCloseTo(2 ** -(k + 1), 12);
    });
    // taken: within one standard error; the walk stops at the first one beyond (or at its limit of 6 steps)
    taken.forEach((s) => expect(s.difference).toBeLessThanOrEqual(s.standardError));
    expect(steps.findIndex((s) => !s.accepted)).toBe(taken.length === steps.length ? -1 : taken.length);
    if (taken.length < steps.length) expect(steps.at(-1)!.difference).toBeGreaterThan(steps.at(-1)!.standardError);
    expect(steps.every((s) => s.standardError > 0)).toBe(true);
    // the choice: the last step taken, or the walk's best when none was
    const chosen = taken.at(-1) ?? best.params;
    expect([r.params.lambdaTV, r.params.lambdaChem]).toEqual([chosen.lambdaTV, chosen.lambdaChem]);
    if (taken.length) expect(r.notes.join(' ')).toMatch(/one-standard-error rule/);
    expect(best.oneStandardError).toBeUndefined();
  });

  it('keeps a fixed λ: only the other one moves', async () => {
    const r = await pathSearch(inputs, DEFAULT_PARAMS, { backend, fixed: { lambdaChem: true } });
    expect(r.curve.every((c) => c.lambdaChem === DEFAULT_PARAMS.lambdaChem)).toBe(true);
    expect(r.params.lambdaChem).toBe(DEFAULT_PARAMS.lambdaChem);
  });

  it('fuses the crop with the most signal, not an empty centre', () => {
    const W = 400, maps = [new Float32Array(W * W)];
    for (let y = 0; y < 80; y++) for (let x = 300; x < 380; x++) maps[0]![y * W + x] = 5; // signal only top right
    const c = searchCrop(W, W, maps);
    expect(c.x0 + c.width).toBeGreaterThan(330);
    expect(c.y0).toBeLessThan(40);
  });

  it('fuses a central crop of large fields without maps to look at, the whole of small ones', () => {
    expect(searchCrop(48, 48)).toEqual({ x0: 0, y0: 0, width: 48, height: 48 });
    expect(searchCrop(512, 512)).toEqual({ x0: 208, y0: 208, width: 96, height: 96 });
    expect(searchCrop(1024, 200)).toMatchObject({ width: 217, height: 64 });
  });
});

describe('fuseWithDefaults', { timeout: 300_000 }, () => {
  it('chooseLambda none: one fusion with the given λ and no search report', async () => {
    const d = await fuseWithDefaults(inputs, { ...DEFAULT_PARAMS, chooseLambda: 'none' }, { backend });
    expect(d.auto).toBeUndefined();
    expect(d.result.params.lambdaTV).toBe(DEFAULT_PARAMS.lambdaTV);
  });

  it('the search costs less than the final fusion it precedes (pixel-iterations)', async () => {
    const d = await fuseWithDefaults(inputs, DEFAULT_PARAMS, { backend });
    expect(d.auto!.chosen).toEqual({ lambdaTV: d.result.params.lambdaTV, lambdaChem: d.result.params.lambdaChem });
    expect(d.result.notes.some((n) => /validation fusions/.test(n))).toBe(true);
    expect(d.search!.pixels).toBe(N);
    expect(d.search!.iterations).toBeGreaterThan(0);
  });
});

describe('pathSearch on maps that are not raw counts', { timeout: 300_000 }, () => {
  it('counts × 0.37 are thinned in counts: the same λ as the counts themselves (units do not matter)', async () => {
    const a = await pathSearch(inputs, DEFAULT_PARAMS, { backend });
    for (const [factor, step] of [[0.37, '0.3700'], [4, '4.000']] as const) { // × 4: integers, but not counts
      const b = await pathSearch({ ...inputs, maps: inputs.maps.map((m) => Float32Array.from(m, (v) => v * factor)) }, DEFAULT_PARAMS, { backend });
      expect(b.method).toBe('thinning');
      expect(b.notes.join(' ')).toContain(`counts times a factor (steps ${step})`);
      expect([b.params.lambdaTV, b.params.lambdaChem]).toEqual([a.params.lambdaTV, a.params.lambdaChem]);
      expect(b.curve.length).toBe(a.curve.length);
      b.curve.forEach((c, i) => expect(Math.abs(c.score - a.curve[i]!.score)).toBeLessThan(1e-3 * Math.abs(a.curve[i]!.score) + 1e-6));
    }
  });

  it('background-subtracted EELS maps (negatives): Gaussian fission, a compass search whose choice beats its neighbours on three axes', async () => {
    const ph = ga2o3Films({ width: S, height: S, seed: 9 });
    const acq = simulateAcquisition(ph, { chemSnr: 3, haadfSnr: 20, seed: 10, mapBackground: 30, mapUnits: 0.01 });
    const eels: FusionInputs = { width: S, height: S, elements: ph.elements, haadf: acq.haadf, maps: ph.elements.map((_, i) => acq.maps.slice(i * N, (i + 1) * N)) };
    expect(eels.maps.some((m) => m.some((v) => v < 0))).toBe(true);
    const r = await pathSearch(eels, DEFAULT_PARAMS, { backend });
    expect(r.method).toBe('fission');
    expect(r.notes.join(' ')).toMatch(/Gaussian data fission/);
    const { lambdaTV: tv, lambdaChem: chem } = r.params;
    const chosen = r.curve.find((c) => c.lambdaTV === tv && c.lambdaChem === chem)!;
    for (const [ftv, fchem] of [[2, 1], [0.5, 1], [2, 2], [0.5, 0.5], [4, 2], [0.25, 0.5]] as const) {
      const n = r.curve.find((c) => has([c], tv * ftv, chem * fchem));
      expect(n, `neighbour ×(${ftv}, ${fchem}) tried`).toBeDefined();
      expect(n!.score).toBeGreaterThanOrEqual(chosen.score - 0.01 * Math.abs(chosen.score));
    }
    expect(chem).toBeLessThan(DEFAULT_PARAMS.lambdaChem); // these maps' best λ lie below the count-tuned start
  });
});
