// The k-ratios' stated uncertainty (issue 12, round 5): a HAC sandwich over small tiles and a 4 × 4 block jackknife, the
// larger × t(15)/z. Measured with scratch/k-coverage.ts: seeds 91–98 and 120–175 were studied; the seeds here (181–186)
// were not. Over 192 held-out ratios (seeds 160–175, 7 phantoms/sizes/doses/k) ± 2σ held the truth in 184 (95.8 %).

import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateSensitivities } from '../../../src/compute/kfactors/estimate.js';
import { logRatioCovariance, sandwich, scoreCovariance } from '../../../src/compute/kfactors/sandwich.js';
import { compositionErrorFromSensitivities, type Stoichiometry } from '../../../src/compute/kfactors/stoichiometry.js';
import { elementWeights } from '../../../src/compute/model/weighting.js';
import { PHANTOMS, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { createRng } from '../../../src/compute/simulate/random.js';
import { boxBlur } from '../../../src/compute/util/blur.js';
import type { PhantomName } from '../../../src/compute/simulate/phantoms/index.js';
import { runCli } from '../cli/cli-helpers.js';
import { quantifyRegion } from '../../../src/main/services/app/quantify.js';

/** Per-tile normal equations of y = β0 + β1 x on a size² grid (tiles of `tile` px), for the sandwich. */
function tileSystems(x: Float32Array, y: Float32Array, size: number, tile: number) {
  const tilesX = Math.ceil(size / tile), m = 2, sums = new Float64Array(tilesX * tilesX * 6);
  for (let p = 0; p < size * size; p++) {
    const t = Math.floor(Math.floor(p / size) / tile) * tilesX + Math.floor((p % size) / tile), o = t * 6, c = [1, x[p]!];
    for (let j = 0; j < 2; j++) { for (let k = 0; k < 2; k++) sums[o + j * 2 + k]! += c[j]! * c[k]!; sums[o + 4 + j]! += c[j]! * y[p]!; }
  }
  const A = new Float64Array(4), r = new Float64Array(2);
  for (let t = 0; t < tilesX * tilesX; t++) { for (let j = 0; j < 4; j++) A[j]! += sums[t * 6 + j]!; for (let j = 0; j < 2; j++) r[j]! += sums[t * 6 + 4 + j]!; }
  const det = A[0]! * A[3]! - A[1]! * A[2]!;
  const beta = [(A[3]! * r[0]! - A[1]! * r[1]!) / det, (A[0]! * r[1]! - A[2]! * r[0]!) / det];
  return { system: { m, sums, tilesX, tilesY: tilesX }, A, beta };
}

describe('the HAC sandwich (sandwich.ts)', () => {
  it('with spatially correlated noise it matches the slope\'s spread over noise draws; one pixel per tile, no lag, falls short', () => {
    const size = 64, draws = 150;
    const rng = createRng(3, 0);
    const x = boxBlur(Float32Array.from({ length: size * size }, () => rng.normal()), size, size, 4); // a smooth regressor
    const slopes: number[] = [], hac: number[] = [], naive: number[] = [];
    for (let d = 0; d < draws; d++) {
      const noise = boxBlur(Float32Array.from({ length: size * size }, () => rng.normal()), size, size, 3); // correlated over 7 px
      const y = Float32Array.from(x, (v, p) => 1 + 2 * v + noise[p]!);
      const tiled = tileSystems(x, y, size, 8), pixels = tileSystems(x, y, size, 1);
      slopes.push(tiled.beta[1]!);
      hac.push(sandwich(tiled.A, scoreCovariance(tiled.system, tiled.beta, 2), 2)![3]!);
      naive.push(sandwich(pixels.A, scoreCovariance(pixels.system, pixels.beta, 0), 2)![3]!);
    }
    const mean = slopes.reduce((a, b) => a + b, 0) / draws;
    const empirical = slopes.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws - 1);
    const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(Math.abs(mean - 2)).toBeLessThan(4 * Math.sqrt(empirical / draws));
    expect(avg(hac) / empirical).toBeGreaterThan(0.75);
    expect(avg(hac) / empirical).toBeLessThan(1.3);
    expect(avg(naive) / empirical).toBeLessThan(0.2); // correlation ignored: the error far too small
  });

  it('log-ratio covariance: log k_i = (log w_ref − log w_i)/γ, the reference 0', () => {
    const V = Float64Array.from([0.04, 0.01, 0, 0.01, 0.09, 0, 0, 0, 1]); // m = 3, ne = 2
    const c = logRatioCovariance([2, 3], V, 3, 2, 1.5, 0);
    const expected = (0.04 / 4 + 0.09 / 9 - (2 * 0.01) / 6) / 1.5 ** 2;
    expect(c[3]).toBeCloseTo(expected, 12);
    expect([c[0], c[1], c[2]]).toEqual([0, 0, 0]);
  });
});

describe('composition errors carry the ratios\' covariance', () => {
  it('S and O errors fully correlated is the Co sensitivity alone moving: c_Co(1 − c_Co)·σ; independent errors differ', () => {
    const c = [0.5, 0.3, 0.2], rel = 0.1;
    const base: Stoichiometry = { basis: 'estimated', unit: '', elements: ['Co', 'S', 'O'], sensitivities: [1, 0.6, 0.25], standardErrors: [0, 0.6 * rel, 0.25 * rel], note: '' };
    const v = rel * rel;
    const correlated = compositionErrorFromSensitivities(c, { ...base, logCovariance: [0, 0, 0, 0, v, v, 0, v, v] });
    expect(correlated[0]).toBeCloseTo(0.5 * 0.5 * rel, 12);
    const independent = compositionErrorFromSensitivities(c, base);
    expect(independent[0]).toBeCloseTo(0.5 * Math.hypot(0.3, 0.2) * rel, 12);
    expect(compositionErrorFromSensitivities(c, { ...base, logCovariance: [0, 0, 0, 0, v, 0, 0, 0, v] })).toEqual(independent.map((e) => expect.closeTo(e, 12)));
  });
});

function estimateOn(name: PhantomName, size: number, seed: number, k: Record<string, number>, snr = 2.5) {
  const ph = PHANTOMS[name]({ width: size, height: size, seed });
  const acq = simulateAcquisition(ph, { chemSnr: snr, haadfSnr: 20, seed, sensitivities: k });
  const n = size * size;
  const maps = ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
  const e = estimateSensitivities(ph.elements, maps, acq.haadf, size, size, elementWeights(ph.elements, 'paper', 1.7), 1.7);
  const truth = ph.elements.map((el) => (k[el] ?? 1) / (k[ph.elements[0]!] ?? 1));
  return { e, truth };
}

describe('the stated ± covers the error on seeds not studied', () => {
  const cases: [PhantomName, number, number, Record<string, number>][] = [
    ['core-shell-metal', 256, 181, { Co: 1, S: 0.6, O: 0.25 }],
    ['core-shell-metal', 256, 182, { Co: 1, S: 0.6, O: 0.25 }],
    ['core-shell-metal', 224, 183, { Co: 1, S: 0.6, O: 0.25 }],
    ['two-phase-film', 192, 184, { Mn: 1, O: 0.3 }],
    ['two-phase-film', 256, 185, { Mn: 1, O: 0.3 }],
  ];
  for (const [name, size, seed, k] of cases) {
    it(`${name} ${size}², seed ${seed}, chemical SNR 2.5: every ratio within 2.6 σ; within 10 % where claimed at 256² or ± ≤ 5 %`, () => {
      const { e, truth } = estimateOn(name, size, seed, k);
      if (size === 256) expect(e.identifiable).toBe(true);
      for (let i = 1; i < truth.length; i++) {
        const err = e.ratios[i]! - truth[i]!;
        expect(e.standardErrors[i]!).toBeGreaterThan(0);
        expect(Math.abs(err)).toBeLessThan(2.6 * e.standardErrors[i]!);
        expect(e.standardErrors[i]!).toBeGreaterThanOrEqual(Math.max(e.errorSources.sandwich[i]!, e.errorSources.jackknife[i]!)); // the larger, × t/z
        // the 10 %: at 256² wherever claimed; elsewhere where the ± itself says so (2σ ≤ 10 %). Seed 183 (224²) is a
        // claim 23 % off with ± 9.1 % (2.1σ): honest, not within 10 % (README)
        if (e.identifiable && (size === 256 || e.standardErrors[i]! <= 0.05 * e.ratios[i]!)) expect(Math.abs(err / truth[i]!)).toBeLessThan(0.1);
      }
      expect(e.logCovariance.every(Number.isFinite)).toBe(true);
    });
  }

  it('single phase (Ga₂O₃) and two phases for three elements (core–shell) stay "not identifiable"', () => {
    const ga = estimateOn('ga2o3-films', 128, 186, { Ga: 1, O: 0.3 });
    expect(ga.e.identifiable).toBe(false);
    expect(ga.e.verdict).toMatch(/^not identifiable from the HAADF/);
    const cs = estimateOn('core-shell', 192, 186, { Co: 1, S: 0.6, O: 0.25 });
    expect(cs.e.identifiable).toBe(false);
    expect(cs.e.verdict).toMatch(/fewer phases than elements/);
  });
});

describe('the Measure panel\'s region ± (quantify.region) carries the ratios\' covariance', () => {
  it('fully correlated S and O errors: percentKStderr is c_Co(1 − c_Co)·σ, not the independent errors\' value', () => {
    const W = 16, H = 16, n = W * H, rel = 0.08, v = rel * rel;
    const maps = [0.5, 0.3, 0.2].map((c) => new Float32Array(n).fill(10 * c)); // atom maps: Co 50 %, S 30 %, O 20 %
    const st: Stoichiometry = { basis: 'estimated', unit: 'atomic % (k-ratios estimated from HAADF ± 8 %)', elements: ['Co', 'S', 'O'], sensitivities: [1, 0.6, 0.25], standardErrors: [0, 0.6 * rel, 0.25 * rel], note: '', mapsInAtoms: true, logCovariance: [0, 0, 0, 0, v, v, 0, v, v] };
    const region = { kind: 'rect' as const, x: 2, y: 2, width: 10, height: 10 };
    const q = quantifyRegion(maps, st.elements, W, H, 'atoms', region, undefined, st);
    expect(q.compositionUnit).toBe(st.unit);
    expect(q.elements[0]!.percentKStderr!).toBeCloseTo(100 * 0.25 * rel, 6);
    const { logCovariance: _, ...independent } = st;
    expect(quantifyRegion(maps, st.elements, W, H, 'atoms', region, undefined, independent).elements[0]!.percentKStderr!).toBeCloseTo(100 * 0.5 * Math.hypot(0.3, 0.2) * rel, 6);
  });
});

describe('the ± of compositions carries the k uncertainty end to end (fusem fuse → report.json → fusem quantify)', () => {
  it('two-phase film 192², seed 187: estimated basis, logCovariance in report.json, kStderr = c(1 − c)·σ/s, ± on the printed lines', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fusem-kunc-'));
    try {
      const sim = join(root, 'tp'), out = join(root, 'tpf');
      expect((await runCli(['simulate', 'two-phase-film', '--out', sim, '--size', '192', '--snr', '2.5', '--haadf-snr', '20', '--seed', '187', '--sensitivity', 'Mn=1,O=0.3'])).code).toBe(0);
      const r = await runCli(['fuse', '--haadf', join(sim, 'haadf.npy'), '--map', `Mn=${join(sim, 'map_Mn.npy')}`, '--map', `O=${join(sim, 'map_O.npy')}`, '--iters', '10', '--quiet', '--out', out]);
      expect(r.code).toBe(0);
      const st = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')).stoichiometry;
      expect(st.basis).toBe('estimated');
      expect(st.logCovariance).toHaveLength(4);
      const rel = st.standardErrors[1] / st.sensitivities[1];
      expect(st.logCovariance[3]).toBeCloseTo(rel * rel, 10);
      const mn = st.summedComposition.elements[0];
      expect(mn.kStderr).toBeCloseTo(mn.fraction * (1 - mn.fraction) * rel, 10);
      expect(r.out.join('\n')).toMatch(/composition of the summed input maps over those pixels, atomic % \(k-ratios estimated from HAADF ± [\d.]+ %\): Mn [\d.]+ ± [\d.]+/);
      const q = await runCli(['quantify', '--result', out, '--roi', 'all=rect:0,0,192,192', '--json']);
      expect(q.code).toBe(0);
      const qmn = JSON.parse(q.out[0]!).regions[0].elements[0];
      expect(qmn.summedStderr).toBeGreaterThanOrEqual(100 * (qmn.summed / 100) * (1 - qmn.summed / 100) * rel * 0.999); // the k part is in the ±
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 90_000);
});
