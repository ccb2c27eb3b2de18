// The data-term passes made for speed against their plain definitions: countQuantum (the smallest gap between
// distinct values, from a bitmap for integer maps) against a sorted scan, stableOrder against a stable sort of the
// indices, selectInPlace against a full sort, and the count-map noise that skips the binned fit against the fit's
// own count result.

import { describe, expect, it } from 'vitest';
import { countQuantum, estimateMapNoise, stableOrder } from '../../../src/compute/model/data-terms/noise.js';
import { chooseDataTerm } from '../../../src/compute/model/data-terms/index.js';
import { selectInPlace } from '../../../src/compute/util/stats.js';
import { rng } from '../helpers.js';

/** The definition: sort, the smallest positive gap, then every value a multiple of it (as noise.ts documents). */
function quantumBySort(map: Float32Array): number | null {
  const sorted = Float64Array.from(map).sort();
  let q = Infinity;
  for (let k = 1; k < sorted.length; k++) { const d = sorted[k]! - sorted[k - 1]!; if (d > 0 && d < q) q = d; }
  if (!Number.isFinite(q)) return null;
  const largest = Math.max(Math.abs(sorted[0]!), Math.abs(sorted[sorted.length - 1]!));
  if (largest / q > 1e6) return null;
  for (const v of sorted) { const m = v / q; if (Math.abs(m - Math.round(m)) > 2e-3 + 2e-7 * Math.abs(m)) return null; }
  return q;
}

describe('countQuantum', () => {
  const r = rng(5);
  const poisson = (mean: number) => { let k = 0, p = Math.exp(-mean), s = p; const u = r(); while (u > s) { k++; p *= mean / k; s += p; } return k; };
  const cases: [string, Float32Array][] = [
    ['counts', Float32Array.from({ length: 5000 }, () => poisson(3))],
    ['even counts only (gap 2)', Float32Array.from({ length: 900 }, () => 2 * poisson(4))],
    ['counts with negatives', Float32Array.from({ length: 900 }, () => poisson(4) - 3)],
    ['counts × 0.37', Float32Array.from({ length: 900 }, () => poisson(4) * 0.37)],
    ['counts × 1000', Float32Array.from({ length: 900 }, () => poisson(4) * 1000)],
    ['wide integers (range > 1e6: sorted path)', Float32Array.from({ length: 900 }, (_, k) => (k === 0 ? 3e6 : poisson(4)))],
    ['real-valued', Float32Array.from({ length: 900 }, () => r() * 10)],
    ['constant', new Float32Array(400).fill(7)],
    ['two values', Float32Array.from({ length: 400 }, (_, k) => (k % 3 === 0 ? 5 : 11))],
  ];
  for (const [name, map] of cases) it(`${name}: the sorted definition's step`, () => expect(countQuantum(map)).toBe(quantumBySort(map)));
});

describe('stableOrder', () => {
  it('is the permutation of a stable sort of the indices by value (ties in index order)', () => {
    const r = rng(9);
    for (const distinct of [3, 50, 100000]) {
      const values = Float64Array.from({ length: 3000 }, () => Math.floor(r() * distinct) / 7);
      const expected = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
      expect(Array.from(stableOrder(values))).toEqual(expected);
    }
  });
});

describe('selectInPlace', () => {
  it('returns the value a full sort puts at k, with ties and for every k of small arrays', () => {
    const r = rng(13);
    for (const [n, distinct] of [[1, 1], [2, 2], [7, 3], [101, 5], [1000, 1e6], [4097, 40]] as const) {
      const values = Float64Array.from({ length: n }, () => Math.floor(r() * distinct));
      const sorted = Float64Array.from(values).sort();
      const ks = n <= 101 ? Array.from({ length: n }, (_, k) => k) : [0, n >> 1, n - 1, 17];
      for (const k of ks) expect(selectInPlace(Float64Array.from(values), k)).toBe(sorted[k]);
    }
  });
});

describe('count maps skip the binned noise fit', () => {
  it('give the noise the fit gives once its gain is replaced by the exact step (counts and counts × 0.37)', () => {
    const r = rng(21);
    const W = 40, H = 30;
    const maps = [0, 1].map((i) => Float32Array.from({ length: W * H }, (_, k) => Math.floor(r() * (3 + i + (k % W) / 10))));
    for (const factor of [1, 0.37]) {
      const scaled = maps.map((m) => m.map((v) => v * factor));
      const decision = chooseDataTerm(scaled, W, H, 'auto');
      decision.noise.forEach((z, i) => {
        const full = estimateMapNoise(scaled[i]!, W, H);
        expect(z).toEqual({ ...full, gain: full.quantum, floor: 0, variance: full.quantum! * Math.max(full.mean, 0) });
      });
      expect(decision.term.name).toBe('poisson');
    }
  });
});
