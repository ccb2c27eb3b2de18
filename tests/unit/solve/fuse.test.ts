import { describe, expect, it } from 'vitest';
import { fuse as fuseOn, FusionCancelled, type FusionOptions, type FusionResult } from '../../../src/compute/solve/fuse.js';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { DEFAULT_PARAMS, validateParams, type FusionParams } from '../../../src/compute/solve/params.js';
import { checkInputs, type FusionInputs } from '../../../src/compute/solve/inputs.js';
import { elementWeights } from '../../../src/compute/model/weighting.js';
import { forwardModel } from '../../../src/compute/model/forward.js';
import { rng } from '../helpers.js';

/** fuse() on a fresh CPU backend on all threads (what createBackend('auto') gives without a GPU), disposed after. */
async function fuse(inputs: FusionInputs, params: FusionParams, options: Omit<FusionOptions, 'backend'> = {}): Promise<FusionResult> {
  const backend = new CpuBackend();
  try {
    return await fuseOn(inputs, params, { ...options, backend });
  } finally {
    await backend.dispose();
  }
}

const W = 24, H = 20, N = W * H;
const elements = ['Ga', 'O'];

/** Smooth positive truth maps and the noise-free HAADF that the model predicts from them (scale 3, offset 5). */
function consistentProblem(gamma: number): { inputs: FusionInputs; truth: Float32Array[] } {
  const truth = elements.map((_, i) => Float32Array.from({ length: N }, (_, k) => {
    const y = Math.floor(k / W), x = k % W;
    return 2 + (i + 1) * Math.sin(x / 5 + i) ** 2 + Math.cos(y / 4) ** 2;
  }));
  const stack = new Float32Array(2 * N);
  truth.forEach((t, i) => stack.set(t, i * N));
  const model = forwardModel(stack, elementWeights(elements, 'paper', gamma), gamma, N);
  const haadf = model.map((m) => 3 * m + 5);
  return { inputs: { width: W, height: H, elements, haadf, maps: truth.map((t) => t.slice()) }, truth };
}

function rms(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k]! - b[k]!) ** 2;
  return Math.sqrt(s / a.length);
}

const exactParams: FusionParams = { ...DEFAULT_PARAMS, dataTerm: 'lsq', lambdaTV: 0, lambdaChem: 0.1, iterations: 300, haadfRefitEvery: 5 };

describe('fuse() on a problem with a known solution', () => {
  it('recovers the truth from a perturbed warm start (λ_TV = 0, consistent data)', async () => {
    const { inputs, truth } = consistentProblem(1.7);
    const r = rng(7);
    const warm = truth.map((t) => t.map((v) => v * (0.7 + 0.6 * r())));
    const result = await fuse(inputs, exactParams, { warmStart: warm });
    expect(result.start).toBe('warm');
    result.maps.forEach((m, i) => expect(rms(m, truth[i]!)).toBeLessThan(1e-3 * 4));
    expect(result.normalisation.haadfOffset).toBeCloseTo(5, 1); // the HAADF offset is estimated, not assumed
  });

  it('keeps counts: the result is in the maps’ units and preserves their ratio', async () => {
    const { inputs, truth } = consistentProblem(1.6);
    const result = await fuse(inputs, exactParams);
    expect(result.units).toMatch(/counts/);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(result.maps[0]!) / mean(result.maps[1]!)).toBeCloseTo(mean(truth[0]!) / mean(truth[1]!), 3);
  });

  it('reference normalisation returns min–max normalised maps', async () => {
    const { inputs } = consistentProblem(1.6);
    const result = await fuse(inputs, { ...exactParams, normalise: 'reference', lambdaTV: 0.01, iterations: 3 });
    expect(result.units).toMatch(/normalised/);
    for (const m of result.maps) for (const v of m) expect(v).toBeLessThan(1.5);
  });
});

describe('fuse() iteration control', () => {
  const noisy = (): FusionInputs => {
    const { inputs } = consistentProblem(1.7);
    const r = rng(3);
    return { ...inputs, maps: inputs.maps.map((m) => m.map((v) => Math.max(0, v + (r() - 0.5) * 2))) };
  };

  it('descends the total cost over the first iterations at the default step', async () => {
    const result = await fuse(noisy(), { ...DEFAULT_PARAMS, iterations: 15, haadfRefitEvery: 0 });
    const totals = result.history.map((h) => h.total);
    for (let k = 1; k < totals.length; k++) expect(totals[k]!).toBeLessThanOrEqual(totals[k - 1]! + 1e-6 * Math.abs(totals[k - 1]!));
  });

  it('records every iteration, reports progress, stops at the tolerance', async () => {
    const seen: number[] = [];
    const result = await fuse(noisy(), { ...DEFAULT_PARAMS, iterations: 500, tolerance: 1e-3 }, { onProgress: (p) => seen.push(p.record.iteration) });
    expect(result.stoppedBy).toBe('tolerance');
    expect(result.iterationsRun).toBeLessThan(500);
    expect(result.history.length).toBe(result.iterationsRun);
    expect(seen).toEqual(result.history.map((h) => h.iteration));
    expect(result.history.at(-1)!.change).toBeLessThan(1e-3);
    expect(result.history.at(-2)!.change).toBeGreaterThanOrEqual(1e-3);
  });

  it('a warm start from a converged result needs fewer iterations', async () => {
    const inputs = noisy();
    const params = { ...DEFAULT_PARAMS, iterations: 500, tolerance: 1e-4 };
    const cold = await fuse(inputs, params);
    const warm = await fuse(inputs, params, { warmStart: cold.maps });
    expect(warm.iterationsRun).toBeLessThan(cold.iterationsRun / 2);
  });

  it('coarse-to-fine solves at half resolution first', async () => {
    const result = await fuse(noisy(), { ...DEFAULT_PARAMS, iterations: 6, start: 'coarse-to-fine' });
    expect(result.start).toBe('coarse-to-fine');
    expect(result.history.filter((h) => h.level === 'coarse').length).toBe(3);
    expect(result.history.filter((h) => h.level === 'full').length).toBe(6);
  });

  it('cancels between iterations', async () => {
    const controller = new AbortController();
    const run = fuse(noisy(), { ...DEFAULT_PARAMS, iterations: 1000 }, {
      signal: controller.signal,
      onProgress: (p) => { if (p.record.iteration === 3) controller.abort(); },
    });
    await expect(run).rejects.toBeInstanceOf(FusionCancelled);
  });
});

describe('input and parameter checks', () => {
  it('names each bad input', () => {
    const { inputs } = consistentProblem(1.7);
    const bad: FusionInputs = {
      ...inputs,
      elements: ['Ga', 'Xq'],
      maps: [inputs.maps[0]!.slice(0, 10), Float32Array.from(inputs.maps[1]!, (v, k) => (k === 3 ? NaN : v))],
    };
    const problems = checkInputs(bad).map((p) => `${p.input}: ${p.problem}`);
    expect(problems).toContain('Xq: "Xq" is not an element symbol (write it as in the periodic table, e.g. Co, Mn, O)');
    expect(problems.some((p) => p.startsWith('Ga: map has 10 pixels') && p.includes('shapes differ'))).toBe(true);
    expect(problems).toContain('Xq: map contains 1 NaN or infinite values');
    const empty = checkInputs({ ...inputs, maps: [inputs.maps[0]!, new Float32Array(N)] });
    expect(empty).toEqual([{ input: 'O', problem: 'map is empty (all zero): no counts to fuse' }]);
    const negative = checkInputs({ ...inputs, maps: [inputs.maps[0]!, inputs.maps[1]!.map((v) => v - 3)] });
    expect(negative[0]!.problem).toMatch(/negative values/);
    expect(checkInputs({ ...inputs, maps: [inputs.maps[0]!, inputs.maps[1]!.map((v) => v - 3)] }, 'lsq')).toEqual([]);
  });

  it('rejects nonsense parameters', () => {
    expect(validateParams(DEFAULT_PARAMS, 2)).toEqual([]);
    const p = validateParams({ ...DEFAULT_PARAMS, gamma: 0.5, lambdaTV: -1, iterations: 2.5, eps: 0, weighting: [1] }, 2);
    expect(p).toEqual([
      'gamma must be in (1, 3], physically 1.4–2 (got 0.5)',
      'lambda-tv must be ≥ 0 (got -1)',
      'iters must be an integer from 1 to 100000 (got 2.5)',
      'eps must be > 0 (got 0)',
      '1 weights given for 2 elements',
    ]);
  });
});
