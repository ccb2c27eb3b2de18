// The data terms behind one interface (src/compute/model/data-terms): each term's derivatives and prox against their
// definitions, the noise estimate against known noise, the choice from the data, and the unit-free λ.

import { describe, expect, it } from 'vitest';
import { chooseDataTerm, DATA_TERMS, estimateMapNoise, kernelLambdaChem, type DataTermModel } from '../../../src/compute/model/data-terms/index.js';
import { createRng, PHANTOMS, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { randomArray } from '../helpers.js';

const TERMS: DataTermModel[] = Object.values(DATA_TERMS);
const EPS = 0.01;

describe.each(TERMS.map((t) => [t.name, t] as const))('data term %s', (_name, term) => {
  const n = 64;
  const x = randomArray(n, 11, 0.05, 2);
  const b = randomArray(n, 12, 0, 3);

  it('gradient matches central finite differences of the value', () => {
    const g = term.gradient(x, b, EPS);
    for (let k = 0; k < n; k++) {
      const h = 1e-3;
      const one = (v: number) => term.value(Float32Array.of(v), Float32Array.of(b[k]!), EPS);
      const fd = (one(x[k]! + h) - one(x[k]! - h)) / (2 * h);
      expect(g[k]!).toBeCloseTo(fd, 2);
    }
  });

  it('Hessian diagonal matches finite differences of the gradient', () => {
    const H = term.hessianDiagonal(x, b, EPS);
    for (let k = 0; k < n; k++) {
      const h = 1e-3;
      const grad = (v: number) => term.gradient(Float32Array.of(v), Float32Array.of(b[k]!), EPS)[0]!;
      expect(H[k]!).toBeCloseTo((grad(x[k]! + h) - grad(x[k]! - h)) / (2 * h), 1);
    }
  });

  it('prox satisfies its optimality condition: x − v + t ψ′(x) = 0 where x > 0, ≥ 0 at x = 0', () => {
    const v = randomArray(n, 13, -1, 3);
    for (const t of [0.05, 1, 20]) {
      const p = term.prox(v, b, t, EPS);
      const g = term.gradient(p, b, EPS);
      for (let k = 0; k < n; k++) {
        expect(p[k]!).toBeGreaterThanOrEqual(0);
        const r = p[k]! - v[k]! + t * g[k]!;
        if (p[k]! > 1e-6) expect(Math.abs(r)).toBeLessThan(1e-3 * (1 + t));
        else expect(r).toBeGreaterThan(-1e-3 * (1 + t));
      }
    }
  });
});

describe('noise estimated from the map itself', () => {
  const W = 150, H = 130; // not a size the defaults were tuned on
  const smooth = (x: number, y: number) => 6 + 5 * Math.sin(x / 17) * Math.cos(y / 23);

  it('Poisson counts: gain ≈ 1, no floor; counts × 0.37: gain ≈ 0.37 (variance ∝ scale²)', () => {
    const r = createRng(404, 1);
    const counts = Float32Array.from({ length: W * H }, (_, k) => r.poisson(smooth(k % W, Math.floor(k / W))));
    const z = estimateMapNoise(counts, W, H);
    expect(z.integer).toBe(true);
    expect(z.gain).toBeGreaterThan(0.9);
    expect(z.gain).toBeLessThan(1.1);
    expect(z.floor).toBeLessThan(0.3);
    const scaled = estimateMapNoise(counts.map((v) => v * 0.37), W, H);
    expect(scaled.gain / z.gain).toBeCloseTo(0.37, 2);
    expect(scaled.integer).toBe(false);
  });

  it('Gaussian noise σ = 2 on a signal with negatives: floor ≈ σ², gain ≈ 0', () => {
    const r = createRng(405, 1);
    const map = Float32Array.from({ length: W * H }, (_, k) => smooth(k % W, Math.floor(k / W)) - 6 + 2 * r.normal());
    const z = estimateMapNoise(map, W, H);
    expect(z.negatives).toBeGreaterThan(0);
    expect(z.variance).toBeGreaterThan(4 * 0.85);
    expect(z.variance).toBeLessThan(4 * 1.15);
  });
});

describe('the data term chosen from the data (auto)', () => {
  const phantom = PHANTOMS['core-shell']({ width: 96, height: 96, seed: 77 });
  const split = (stack: Float32Array) => phantom.elements.map((_, i) => stack.slice(i * 96 * 96, (i + 1) * 96 * 96));

  it('counts → Poisson with gain 1', () => {
    const d = chooseDataTerm(split(simulateAcquisition(phantom, { chemSnr: 3, seed: 78 }).maps), 96, 96, 'auto');
    expect(d.term.name).toBe('poisson');
    expect(d.noise.every((z) => z.gain === 1)).toBe(true);
  });

  it('counts in arbitrary units (× 0.004) → Poisson with the gain estimated, so the same information κ', () => {
    const maps = split(simulateAcquisition(phantom, { chemSnr: 3, seed: 78 }).maps);
    const c = 5; // any working scale: κ scales with it in both cases
    const counts = chooseDataTerm(maps, 96, 96, 'auto');
    const scaled = chooseDataTerm(maps.map((m) => m.map((v) => v * 0.004)), 96, 96, 'auto');
    expect(scaled.term.name).toBe('poisson');
    scaled.noise.forEach((z, i) => {
      const ratio = scaled.term.information(z, c * 0.004) / counts.term.information(counts.noise[i]!, c);
      expect(ratio).toBeGreaterThan(0.85);
      expect(ratio).toBeLessThan(1.15);
    });
  });

  it('background-subtracted EELS maps (negatives) → least squares with σ from the map; never refused', () => {
    const acq = simulateAcquisition(phantom, { chemSnr: 3, seed: 79, mapBackground: 30, mapUnits: 0.02 });
    const maps = split(acq.maps);
    expect(maps.some((m) => m.some((v) => v < 0))).toBe(true);
    const d = chooseDataTerm(maps, 96, 96, 'auto', phantom.elements);
    expect(d.term.name).toBe('lsq');
    expect(d.reason).toMatch(/negative values/);
    // σ² ≈ (B + 0.25 B + mean signal)·u² (Poisson on the background, the background estimate's error)
    d.noise.forEach((z, i) => {
      const expected = (30 * 1.25 + maps[i]!.reduce((s, v) => s + v, 0) / maps[i]!.length / 0.02) * 0.02 ** 2;
      expect(z.variance / expected).toBeGreaterThan(0.85);
      expect(z.variance / expected).toBeLessThan(1.15);
    });
    expect(DATA_TERMS.lsq.check(maps[0]!)).toBeNull();
    expect(DATA_TERMS.poisson.check(maps[0]!)).toMatch(/use --data-term lsq \(or leave --data-term at auto\)/);
  });
});

describe('unit-free λ_chem', () => {
  it('the kernel weight is λ_chem √(κ/κ_ref): invariant to the maps’ units, growing as 1/noise', () => {
    expect(kernelLambdaChem(0.03, [10, 10])).toBeCloseTo(0.03, 12);
    expect(kernelLambdaChem(0.03, [40, 40])).toBeCloseTo(0.06, 12);
    expect(kernelLambdaChem(0.03, [10, 40])).toBeCloseTo(0.03 * Math.sqrt(2), 12); // geometric mean
  });
});
