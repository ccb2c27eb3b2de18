// Given factors with an uncertainty as a prior on the HAADF estimate (issue 12): inverse-variance weighting on log k
// where the estimate is identifiable, the factors alone where it is not, and a label that says which.

import { describe, expect, it } from 'vitest';
import { checkFactors, combineWithPrior, decideStoichiometry, factorRatioUncertainties, GIVEN_UNIT, planStoichiometry, sensitivitiesFromFactors, type GivenFactors, type SensitivityEstimate } from '../../../src/compute/kfactors/index.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';
import { PHANTOMS, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import type { PhantomName } from '../../../src/compute/simulate/phantoms/index.js';

function estimate(ratios: number[], standardErrors: number[], identifiable = true): SensitivityEstimate {
  const logVar = standardErrors.map((s, i) => (s / ratios[i]!) ** 2);
  return { elements: ['Mn', 'O'], reference: 'Mn', ratios, standardErrors, logCovariance: [logVar[0]!, 0, 0, logVar[1]!], errorSources: { sandwich: standardErrors, jackknife: standardErrors }, conditioning: 2, haadfWeights: [1, 0.1], split: 'thinning', phases: 2, identifiable, verdict: identifiable ? 'k-ratios identifiable from the HAADF' : 'not identifiable from the HAADF: …' };
}

describe('combining given factors with the estimate', () => {
  it('inverse-variance weighting on log k: the combined ratio and its error', () => {
    const c = combineWithPrior([1, 0.36], [0, 0.1], estimate([1, 0.3], [0, 0.3 * 0.05]));
    const wg = 1 / 0.1 ** 2, we = 1 / 0.05 ** 2;
    const expected = Math.exp((wg * Math.log(0.36) + we * Math.log(0.3)) / (wg + we));
    expect(c.sensitivities[0]).toBe(1);
    expect(c.sensitivities[1]).toBeCloseTo(expected, 12);
    expect(c.standardErrors[1]! / c.sensitivities[1]!).toBeCloseTo(1 / Math.sqrt(wg + we), 12);
    expect(c.sensitivities[1]!).toBeGreaterThan(0.3); // between the two, nearer the more precise estimate
    expect(c.sensitivities[1]!).toBeLessThan(0.33);
    expect(c.conflicts).toEqual([]);
  });

  it('an exact factor wins; an estimate without a finite error leaves the factor alone; a 3σ disagreement is reported', () => {
    expect(combineWithPrior([1, 0.36], [0, 0], estimate([1, 0.3], [0, 0.01])).sensitivities[1]).toBe(0.36);
    const noError = combineWithPrior([1, 0.36], [0, 0.1], estimate([1, 0.3], [0, NaN]));
    expect(noError.sensitivities[1]).toBe(0.36);
    expect(noError.standardErrors[1]).toBeCloseTo(0.036, 12);
    const far = combineWithPrior([1, 0.6], [0, 0.05], estimate([1, 0.3], [0, 0.009]));
    expect(far.conflicts.map((x) => x.element)).toEqual(['O']);
    expect(far.conflicts[0]!.z).toBeGreaterThan(3);
  });

  it('the ratio uncertainty adds both factors\' in quadrature; uncertainties are checked', () => {
    const given: GivenFactors = { kind: 'k-factor', values: { Mn: 1, O: 3 }, uncertainty: { Mn: 0.05, O: 0.1 } };
    expect(factorRatioUncertainties(['Mn', 'O'], given)).toEqual([0, Math.hypot(0.05, 0.1)]);
    expect(checkFactors(['Mn', 'O'], { ...given, uncertainty: { O: -0.1 } })[0]).toMatch(/uncertainty of the k-factor of O/);
    expect(checkFactors(['Mn', 'O'], { ...given, uncertainty: { Co: 0.1 } })[0]).toMatch(/Co, which is not among the maps/);
  });

  it('labels: combined where identifiable, the factors alone (with their ±) where not, exact factors as before', () => {
    const given: GivenFactors = { kind: 'sensitivity', values: { Mn: 1, O: 0.36 }, uncertainty: { O: 0.1 } };
    const s = sensitivitiesFromFactors(['Mn', 'O'], given);
    const both = decideStoichiometry(['Mn', 'O'], given, s, estimate([1, 0.3], [0, 0.015]));
    expect(both.basis).toBe('combined');
    expect(both.unit).toMatch(/^atomic % \(k-ratios from HAADF and given factors ± 4\.5 %\)$/);
    const alone = decideStoichiometry(['Mn', 'O'], given, s, estimate([1, 0.3], [0, 0.015], false));
    expect(alone.basis).toBe('given');
    expect(alone.unit).toBe('atomic % (k-factors given ± 10 %)');
    expect(alone.sensitivities).toEqual(s);
    expect(alone.standardErrors![1]).toBeCloseTo(0.036, 12);
    expect(alone.note).toMatch(/alone: the HAADF estimate was not identifiable/);
    const exact = decideStoichiometry(['Mn', 'O'], { kind: 'sensitivity', values: { Mn: 1, O: 0.36 } }, s, estimate([1, 0.3], [0, 0.015]));
    expect(exact.unit).toBe(GIVEN_UNIT);
  });
});

function inputsOf(name: PhantomName, size: number, seed: number, k: Record<string, number>) {
  const phantom = PHANTOMS[name]({ width: size, height: size, seed });
  const acq = simulateAcquisition(phantom, { chemSnr: 2.5, haadfSnr: 20, seed, sensitivities: k });
  const n = size * size;
  return { width: size, height: size, elements: phantom.elements, haadf: acq.haadf, maps: phantom.elements.map((_, i) => acq.maps.slice(i * n, (i + 1) * n)) };
}

describe('the prior on simulated data (chemical SNR 2.5, seeds 81–82, not tuned on)', () => {
  it('two-phase film (identifiable), O/Mn 0.3: a factor 20 % off with ±30 % is pulled to the estimate; with ±2 % it stays near itself', () => {
    const inputs = inputsOf('two-phase-film', 256, 81, { Mn: 1, O: 0.3 });
    const loose = planStoichiometry(inputs, DEFAULT_PARAMS, { kind: 'sensitivity', values: { Mn: 1, O: 0.36 }, uncertainty: { O: 0.3 } }).stoichiometry;
    expect(loose.basis).toBe('combined');
    expect(Math.abs(loose.sensitivities![1]! / 0.3 - 1)).toBeLessThan(0.1);
    expect(loose.standardErrors![1]! / loose.sensitivities![1]!).toBeLessThan(loose.estimate!.standardErrors[1]! / loose.estimate!.ratios[1]!);
    expect(loose.unit).toMatch(/^atomic % \(k-ratios from HAADF and given factors ± [\d.]+ %\)$/);
    const tight = planStoichiometry(inputs, DEFAULT_PARAMS, { kind: 'sensitivity', values: { Mn: 1, O: 0.36 }, uncertainty: { O: 0.02 } }).stoichiometry;
    expect(tight.basis).toBe('combined');
    expect(Math.abs(tight.sensitivities![1]! / 0.36 - 1)).toBeLessThan(0.05);
    expect(tight.note).toMatch(/disagree for O/); // 20 % off at ±2 % and an estimate within a few %: flagged
  }, 60_000);

  it('uniform Ga₂O₃ (not identifiable): the factors alone, labelled with their ±; the fused maps are the atom maps', () => {
    const inputs = inputsOf('ga2o3-films', 128, 82, { Ga: 1, O: 0.3 });
    const plan = planStoichiometry(inputs, DEFAULT_PARAMS, { kind: 'k-factor', values: { Ga: 1, O: 1 / 0.3 }, uncertainty: { Ga: 0.1, O: 0.1 } });
    expect(plan.stoichiometry.basis).toBe('given');
    expect(plan.stoichiometry.unit).toBe('atomic % (k-factors given ± 14 %)');
    expect(plan.stoichiometry.sensitivities![1]).toBeCloseTo(0.3, 6);
    expect(plan.stoichiometry.mapsInAtoms).toBe(true);
  }, 60_000);
});
