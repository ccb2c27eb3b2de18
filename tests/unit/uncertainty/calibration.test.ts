// Calibration of the standard-error maps on phantoms with known truth: across noise realisations, the empirical
// per-pixel standard deviation of the fused value against the predicted standard error, in flat regions (the
// phantoms' region masks, ≥ 2 px from every edge) and at edges. 64² px, 20 realisations, 60 iterations.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/compute/node/index.js';
import { coreShell, ga2o3Films, simulateAcquisition, type Phantom } from '../../../src/compute/simulate/index.js';
import { fuse } from '../../../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS, type FusionParams } from '../../../src/compute/solve/params.js';
import { standardErrorMaps, type StderrMethod } from '../../../src/compute/uncertainty/index.js';

const S = 64, N = S * S, REALISATIONS = 20;
let backend: CpuBackend;
beforeAll(() => { backend = new CpuBackend({ threads: 2 }); });
afterAll(async () => { await backend.dispose(); });

interface Study {
  phantom: Phantom;
  /** Per element and pixel: empirical sd of the fused value, RMS error against truth, mean predicted standard error by method. */
  sd: Float64Array; rmse: Float64Array; predicted: Record<StderrMethod, Float64Array>;
  edge: Uint8Array;
}

async function study(phantom: Phantom, params: Partial<FusionParams>): Promise<Study> {
  const ne = phantom.elements.length;
  const sum = new Float64Array(ne * N), sum2 = new Float64Array(ne * N), err2 = new Float64Array(ne * N);
  const predicted = { fisher: new Float64Array(ne * N), solver: new Float64Array(ne * N) };
  for (let r = 0; r < REALISATIONS; r++) {
    const acq = simulateAcquisition(phantom, { seed: 100 + r, chemSnr: 4, haadfSnr: 20 });
    const inputs = { width: S, height: S, elements: phantom.elements, haadf: acq.haadf, maps: phantom.elements.map((_, i) => acq.maps.slice(i * N, (i + 1) * N)) };
    const result = await fuse(inputs, { ...DEFAULT_PARAMS, ...params }, { backend });
    for (const method of ['fisher', 'solver'] as const) {
      const se = standardErrorMaps(inputs, result, { method });
      for (let i = 0; i < ne; i++) for (let p = 0; p < N; p++) predicted[method][i * N + p]! += se.maps[i]![p]! / REALISATIONS;
    }
    for (let i = 0; i < ne; i++) for (let p = 0; p < N; p++) {
      const v = result.maps[i]![p]!;
      sum[i * N + p]! += v; sum2[i * N + p]! += v * v; err2[i * N + p]! += (v - acq.truthMaps[i * N + p]!) ** 2;
    }
  }
  const sd = new Float64Array(ne * N), rmse = new Float64Array(ne * N);
  for (let k = 0; k < ne * N; k++) {
    const m = sum[k]! / REALISATIONS;
    sd[k] = Math.sqrt(Math.max(0, (sum2[k]! / REALISATIONS - m * m) * REALISATIONS / (REALISATIONS - 1)));
    rmse[k] = Math.sqrt(err2[k]! / REALISATIONS);
  }
  // edge pixels: some element's truth differs from a 4-neighbour's by > 10 % of the largest truth value
  let max = 0;
  for (const v of phantom.truth) max = Math.max(max, v);
  const edge = new Uint8Array(N);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let i = 0; i < ne; i++) {
    for (const [dx, dy] of [[1, 0], [0, 1]] as const) {
      if (x + dx >= S || y + dy >= S) continue;
      if (Math.abs(phantom.truth[i * N + (y + dy) * S + x + dx]! - phantom.truth[i * N + y * S + x]!) > 0.1 * max) { edge[y * S + x] = 1; edge[(y + dy) * S + x + dx] = 1; }
    }
  }
  return { phantom, sd, rmse, predicted, edge };
}

/** Mean over the mask of a per-pixel quantity of element i. */
function maskMean(values: Float64Array, i: number, mask: Uint8Array): number {
  let s = 0, k = 0;
  for (let p = 0; p < N; p++) if (mask[p]) { s += values[i * N + p]!; k++; }
  return s / k;
}

/** Rows of (region, element, empirical sd / predicted) for the flat regions where the element is present. */
function ratios(st: Study, method: StderrMethod): { where: string; ratio: number }[] {
  const rows: { where: string; ratio: number }[] = [];
  for (const region of st.phantom.regions!) {
    st.phantom.elements.forEach((el, i) => {
      if (maskMean(Float64Array.from(st.phantom.truth), i, region.mask) <= 0) return; // element absent: x clipped at 0, no scatter
      rows.push({ where: `${region.name} ${el}`, ratio: maskMean(st.sd, i, region.mask) / maskMean(st.predicted[method], i, region.mask) });
    });
  }
  return rows;
}

const show = (label: string, rows: { where: string; ratio: number }[]) =>
  console.log(`${label}: ` + rows.map((r) => `${r.where} ${r.ratio.toFixed(2)}`).join(', '));

describe('standard errors are calibrated where TV is off (20 realisations, 64², chemical SNR 4, HAADF SNR 20)', () => {
  let films: Study, cs: Study;
  beforeAll(async () => {
    films = await study(ga2o3Films({ width: S, height: S }), { lambdaTV: 0, tvIterations: 0 });
    cs = await study(coreShell({ width: S, height: S }), { lambdaTV: 0, tvIterations: 0 });
  }, 60000);

  it("'solver' (default): empirical sd / predicted within 0.8–1.25 in every flat region of Ga₂O₃ films and core–shell", () => {
    const rows = [...ratios(films, 'solver'), ...ratios(cs, 'solver')];
    show('solver, λ_TV = 0', rows);
    for (const r of rows) {
      expect(r.ratio, r.where).toBeGreaterThan(0.8);
      expect(r.ratio, r.where).toBeLessThan(1.25);
    }
  });

  it("'fisher' is a lower bound: the fused scatter is never below it by more than sampling error, and up to ~3× above it", () => {
    const rows = [...ratios(films, 'fisher'), ...ratios(cs, 'fisher')];
    show('fisher (Cramér–Rao), λ_TV = 0', rows);
    for (const r of rows) expect(r.ratio, r.where).toBeGreaterThan(0.85);
    expect(Math.max(...rows.map((r) => r.ratio))).toBeGreaterThan(1.5); // the λ-weighted estimate is not efficient for Ga
  });
});

describe('where TV bias breaks it (default λ_TV = 0.01)', () => {
  let films: Study;
  beforeAll(async () => { films = await study(ga2o3Films({ width: S, height: S }), {}); }, 60000);

  it('in flat regions TV averages neighbours: the fused scatter is well below the predicted standard error (< 0.5×)', () => {
    const rows = ratios(films, 'solver');
    show('solver, λ_TV = 0.01, flat regions', rows);
    for (const r of rows) expect(r.ratio, r.where).toBeLessThan(0.5);
  });

  it('at edges the error is mostly bias: RMS error against truth ≥ 1.3 × the scatter', () => {
    const rows = films.phantom.elements.map((el, i) => ({
      where: `edges ${el}`, ratio: maskMean(films.rmse, i, films.edge) / maskMean(films.sd, i, films.edge),
      vsPredicted: maskMean(films.rmse, i, films.edge) / maskMean(films.predicted.solver, i, films.edge),
    }));
    console.log('λ_TV = 0.01, edges: ' + rows.map((r) => `${r.where} rmse/sd ${r.ratio.toFixed(2)}, rmse/predicted ${r.vsPredicted.toFixed(2)}`).join('; '));
    for (const r of rows) expect(r.ratio, r.where).toBeGreaterThan(1.3);
  });
});
