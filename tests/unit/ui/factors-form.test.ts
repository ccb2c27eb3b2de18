// The Fuse panel's factor table (issue 12): values and their optional ± % → the factors fusion.start takes, and back.

import { describe, expect, it } from 'vitest';
import { factorsToForm, parseFactors } from '../../../src/renderer/src/panels/factors-form.js';
import { checkFactors } from '../../../src/compute/kfactors/index.js';
import { GivenFactorsSchema } from '../../../src/shared/api/schemas/common.js';

describe('factor table', () => {
  it('an empty ± is an exact factor; a ± in percent becomes a relative uncertainty (a prior); the form round-trips', () => {
    const exact = parseFactors('k-factor', ['Ga', 'O'], { Ga: '1', O: '3.3' });
    expect(exact).toEqual({ ok: true, factors: { kind: 'k-factor', values: { Ga: 1, O: 3.3 } } });
    const prior = parseFactors('k-factor', ['Ga', 'O'], { Ga: '1', O: '3.3' }, { Ga: '', O: '10 %' });
    expect(prior).toEqual({ ok: true, factors: { kind: 'k-factor', values: { Ga: 1, O: 3.3 }, uncertainty: { O: 0.1 } } });
    if (!prior.ok || !prior.factors) throw new Error('unreachable');
    expect(GivenFactorsSchema.safeParse(prior.factors).success).toBe(true);
    expect(checkFactors(['Ga', 'O'], prior.factors)).toEqual([]);
    expect(factorsToForm(prior.factors)).toEqual({ choice: 'k-factor', values: { Ga: '1', O: '3.3' }, uncertainties: { O: '10' } });
  });

  it('a bad ± names the element and what it must be', () => {
    const bad = parseFactors('sensitivity', ['Ga', 'O'], { Ga: '1', O: '0.3' }, { O: 'ten' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problem).toMatch(/^O: the uncertainty must be a percentage from 0 to 1000, or empty/);
    expect(parseFactors('sensitivity', ['Ga', 'O'], { Ga: '1', O: '0.3' }, { O: '-5' }).ok).toBe(false);
  });
});
