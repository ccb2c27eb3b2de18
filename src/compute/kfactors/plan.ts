// Before a fusion: decide what the compositions will be (given factors, the HAADF estimate, or uncalibrated) and
// the HAADF weights that make the fused maps consistent with those sensitivities.

import { elementWeights } from '../model/weighting.js';
import type { FusionInputs } from '../solve/inputs.js';
import type { FusionParams } from '../solve/params.js';
import { estimateSensitivities } from './estimate.js';
import { checkFactors, sensitivitiesFromFactors, weightsForSensitivities, type GivenFactors } from './factors.js';
import { decideStoichiometry, type Stoichiometry } from './stoichiometry.js';

export interface StoichiometryPlan {
  stoichiometry: Stoichiometry;
  /** The parameters to fuse with: the weighting becomes a_i s_i^−γ when the sensitivities are known. */
  params: FusionParams;
}

/**
 * `given`: the user's factors (validated here: a RangeError names the problem). `estimate`: run the HAADF estimate
 * (Poisson thinning for raw counts, a checkerboard split otherwise; a few regressions, no extra fusion). The min–max normalisation discards the ratios
 * between maps, so under it compositions are never atomic %.
 */
export function planStoichiometry(inputs: FusionInputs, params: FusionParams, given?: GivenFactors, estimate = true): StoichiometryPlan {
  const { elements } = inputs;
  if (given) {
    const problems = checkFactors(elements, given);
    if (problems.length > 0) throw new RangeError(problems[0]!);
  }
  if (params.normalise === 'reference') {
    const stoichiometry = decideStoichiometry(elements, undefined, undefined, undefined);
    stoichiometry.note = 'compositions are map-intensity ratios, not atomic %: the min–max normalisation (--normalise reference) discards the ratios between maps';
    return { stoichiometry, params };
  }
  const a = elementWeights(elements, params.weighting, params.gamma);
  const est = estimate && elements.length >= 2 ? estimateSensitivities(elements, inputs.maps, inputs.haadf, inputs.width, inputs.height, a, params.gamma) : undefined;
  const givenS = given ? sensitivitiesFromFactors(elements, given) : undefined;
  const stoichiometry = decideStoichiometry(elements, given, givenS, est);
  const s = stoichiometry.sensitivities;
  return { stoichiometry, params: s ? { ...params, weighting: weightsForSensitivities(a, s, params.gamma) } : params };
}
