// The k-ratios' block jackknife where it is weak (issue 12, round 5 review): a replicate that fails, and images with
// fewer than 4 tiles a side (some of the 4 × 4 blocks empty).

import { describe, expect, it } from 'vitest';
import { estimateSensitivities, jackknife, tScale, UNSTABLE_REASON, verdictOf, type BlockSystems } from '../../../src/compute/kfactors/estimate.js';
import { estimatedUnit } from '../../../src/compute/kfactors/stoichiometry.js';
import { elementWeights } from '../../../src/compute/model/weighting.js';
import { PHANTOMS, simulateAcquisition } from '../../../src/compute/simulate/index.js';

describe('a failed jackknife', () => {
  it('gets a verdict of its own, not "relative standard error > 10 %", and is not identifiable', () => {
    const v = verdictOf(['Mn', 'O'], [1, 0.4], [0, NaN], [1, 0.3], 0, 5, 2, true);
    expect(v.identifiable).toBe(false);
    expect(v.verdict).toContain(UNSTABLE_REASON);
    expect(v.verdict).not.toContain('relative standard error');
  });
  it('nearly collinear and unstable: both reasons', () => {
    const v = verdictOf(['Mn', 'O'], [1, 0.4], [0, NaN], [1, 0.3], 0, 332, 2, true);
    expect(v.verdict).toContain('nearly collinear');
    expect(v.verdict).toContain(UNSTABLE_REASON);
  });
  it('a large error without a failed jackknife keeps the relative-error reason', () => {
    const v = verdictOf(['Mn', 'O'], [1, 0.4], [0, 0.2], [1, 0.3], 0, 5, 2, false);
    expect(v.verdict).toContain('relative standard error > 10 %');
  });
  it('the unit of an unstable estimate shows "–", never NaN or 0', () => {
    const base = verdictOf(['Mn', 'O'], [1, 0.4], [0, NaN], [1, 0.3], 0, 5, 2, true);
    const unit = estimatedUnit({ elements: ['Mn', 'O'], reference: 'Mn', ratios: [1, 0.4], standardErrors: [0, NaN], logCovariance: [0, 0, 0, NaN], errorSources: { sandwich: [0, 0.01], jackknife: [0, NaN], jackknifeBlocks: 16 }, conditioning: 5, haadfWeights: [1, 0.3], split: 'thinning', phases: 2, ...base });
    expect(unit).toContain('± – %');
  });
});

describe('the jackknife counts only non-empty blocks', () => {
  it('SE² = (n−1)/n Σ (θ_(b) − θ̄)² over the n blocks that hold tiles (one-parameter fit β = Σr / ΣA)', () => {
    const filled = [0, 1, 2, 4, 5, 6, 8, 9, 10]; // a 3 × 3 corner of the 4 × 4 blocks, as on a 24-px image
    const s: BlockSystems = { m: 1, sums: new Float64Array(16 * 2), blocks: 16 };
    filled.forEach((b, q) => { s.sums[2 * b] = 10 + q; s.sums[2 * b + 1] = 5 + 0.7 * q + (q % 3) * 0.9; });
    let A = 0, R = 0;
    for (const b of filled) { A += s.sums[2 * b]!; R += s.sums[2 * b + 1]!; }
    const reps = filled.map((b) => Math.log((R - s.sums[2 * b + 1]!) / (A - s.sums[2 * b]!)));
    const mean = reps.reduce((a, v) => a + v, 0) / reps.length;
    const expected = (R / A) * Math.sqrt((8 / 9) * reps.reduce((a, v) => a + (v - mean) ** 2, 0));
    const j = jackknife(s, (f) => [f[0]!], 1);
    expect(j.blocks).toBe(9);
    expect(Math.abs(j.se[0]! - expected) / expected).toBeLessThan(1e-12);
  });
  it('on a 24-px image: 9 blocks, t with 8 degrees of freedom; on a 64-px image: 16 blocks, t with 15', () => {
    for (const [size, blocks] of [[24, 9], [64, 16]] as const) {
      const ph = PHANTOMS['two-phase-film']({ width: size, height: size, seed: 187 });
      const acq = simulateAcquisition(ph, { chemSnr: 5, haadfSnr: 20, seed: 187, sensitivities: {} });
      const n = size * size, maps = ph.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n));
      const e = estimateSensitivities(ph.elements, maps, acq.haadf, size, size, elementWeights(ph.elements, 'paper', 1.7), 1.7);
      expect(e.errorSources.jackknifeBlocks).toBe(blocks);
      const i = 1;
      const larger = Math.max(e.errorSources.sandwich[i]!, e.errorSources.jackknife[i]!);
      expect(Number.isFinite(larger)).toBe(true);
      expect(e.standardErrors[i]! / larger).toBeCloseTo(blocks === 9 ? 2.306 / 1.96 : 2.1314 / 1.96, 6);
    }
  });
  it('tScale: t_0.975 / z_0.975 by blocks', () => {
    expect(tScale(16)).toBeCloseTo(2.1314 / 1.96, 10);
    expect(tScale(4)).toBeCloseTo(3.182 / 1.96, 10);
    expect(tScale(1)).toBeNaN();
  });
});
