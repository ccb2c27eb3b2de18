// The paired difference of two fits' held-out risks and its standard error (autoparams/score.ts riskDifference): the
// standard error the one-standard-error rule compares against must be the spread of that difference over held-out draws.

import { describe, expect, it } from 'vitest';
import { riskDifference, unbiasedRisk } from '../../../src/compute/autoparams/score.js';
import { createRng } from '../../../src/compute/simulate/random.js';

const N = 4096;
const rng = createRng(31, 7);
// a smooth truth, two fits of it: one close, one a little biased
const mu = Float32Array.from({ length: N }, (_, k) => 5 + 3 * Math.sin(k / 40));
const a = mu.map((v, k) => v + 0.3 * Math.cos(k / 13));
const b = mu.map((v) => v * 1.05);
const sigma = 1.5;
const draw = () => mu.map((v) => v + sigma * rng.normal());

describe('riskDifference', () => {
  it('is the difference of the two unbiased risks', () => {
    const h = draw(), V = N * sigma * sigma;
    const d = riskDifference([a], [b], [h], [V]);
    expect(d.difference).toBeCloseTo(unbiasedRisk([a], [h], [V]) - unbiasedRisk([b], [h], [V]), 8);
  });

  it('its standard error is the spread of the difference over independent held-out halves (within 15 %), and its mean the true one', () => {
    const V = N * sigma * sigma;
    const diffs: number[] = [], ses: number[] = [];
    for (let r = 0; r < 300; r++) {
      const d = riskDifference([a], [b], [draw()], [V]);
      diffs.push(d.difference);
      ses.push(d.standardError);
    }
    const mean = diffs.reduce((s, v) => s + v, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((s, v) => s + (v - mean) ** 2, 0) / (diffs.length - 1));
    const se = ses.reduce((s, v) => s + v, 0) / ses.length;
    let truth = 0; // ‖a − μ‖² − ‖b − μ‖² over V: the noise-free difference
    for (let k = 0; k < N; k++) truth += ((a[k]! - mu[k]!) ** 2 - (b[k]! - mu[k]!) ** 2) / V;
    expect(Math.abs(se / sd - 1)).toBeLessThan(0.15);
    expect(Math.abs(mean - truth)).toBeLessThan(3 * sd / Math.sqrt(diffs.length));
  });

  it('of a fit against itself: zero, with zero standard error', () => {
    const d = riskDifference([a], [a], [draw()], [N]);
    expect(d).toEqual({ difference: 0, standardError: 0 });
  });
});
