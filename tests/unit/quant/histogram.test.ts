import { describe, it, expect } from 'vitest';
import { concentrationHistogram } from '../../../src/compute/quant/index.js';
import { createRng } from '../../../src/compute/simulate/random.js';

describe('concentrationHistogram', () => {
  it('bins [0, 1] into equal half-open bins, the last closed; counts out-of-range and non-finite values apart', () => {
    const h = concentrationHistogram([0, 0.05, 0.1, 0.999, 1, 1.2, -0.1, Number.NaN, 0.55], { bins: 10 });
    expect(h.binWidth).toBeCloseTo(0.1, 15);
    expect(h.edges).toHaveLength(11);
    expect([h.edges[0], h.edges[10]]).toEqual([0, 1]);
    expect(h.centres[0]).toBeCloseTo(0.05, 15);
    expect(h.centres[9]).toBeCloseTo(0.95, 15);
    expect(Array.from(h.counts)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect([h.below, h.above, h.nonFinite, h.total]).toEqual([1, 1, 1, 6]);
  });

  it('puts every value in the bin whose edges bracket it, whatever the rounding of (v − lo)/w', () => {
    const rng = createRng(11);
    const values = Array.from({ length: 2000 }, (_, k) => (k < 100 ? k / 100 : rng.uniform())); // includes values on edges
    for (const bins of [3, 7, 10, 30, 50]) {
      const h = concentrationHistogram(values, { bins });
      const counts = new Uint32Array(bins);
      for (const v of values) {
        let b = 0;
        while (b < bins - 1 && v >= h.edges[b + 1]!) b++;
        counts[b]!++;
      }
      expect(h.counts).toEqual(counts);
      expect(h.total).toBe(2000);
    }
  });

  it('takes another range, and rejects bad bins or ranges', () => {
    const h = concentrationHistogram([0.3, 0.35, 0.45, 0.5], { bins: 4, range: [0.3, 0.5] });
    expect(Array.from(h.counts)).toEqual([1, 1, 0, 2]);
    expect(() => concentrationHistogram([0.5], { bins: 0 })).toThrow(RangeError);
    expect(() => concentrationHistogram([0.5], { bins: 2.5 })).toThrow(RangeError);
    expect(() => concentrationHistogram([0.5], { range: [1, 1] })).toThrow(RangeError);
  });
});
