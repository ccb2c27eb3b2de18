// Before a fusion: decide what the compositions will be (given factors, the HAADF estimate, or uncalibrated) and
// the HAADF weights that make the fused maps consistent with those sensitivities.

import { elementWeights } from '../model/weighting.js';
import type { FusionInputs } from '../solve/inputs.js';
import type { FusionParams } from '../solve/params.js';
import { estimateSensitivities } from './estimate.js';
import { checkFactors, sensitivitiesFromFactors, type GivenFactors } from './factors.js';
import { decideStoichiometry, type Stoichiometry } from './stoichiometry.js';

export interface StoichiometryPlan {
  stoichiometry: Stoichiometry;
  /** The parameters to fuse with (unchanged: in atom units the HAADF weights are the physical a_i). */
  params: FusionParams;
  /**
   * What to fuse: when the sensitivities are known, the atom maps b_i / s_i (TV and the HAADF model then act on atoms,
   * equally for every element: fusing the count maps with weights a_i s_i^−γ instead left 2–3 pp of bias for an
   * element with few counts); else the inputs as given.
   */
  inputs: FusionInputs;
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
    return { stoichiometry, params, inputs };
  }
  const a = elementWeights(elements, params.weighting, params.gamma);
  const est = estimate && elements.length >= 2 ? estimateSensitivities(elements, inputs.maps, inputs.haadf, inputs.width, inputs.height, a, params.gamma) : undefined;
  const givenS = given ? sensitivitiesFromFactors(elements, given) : undefined;
  const stoichiometry = decideStoichiometry(elements, given, givenS, est);
  const s = stoichiometry.sensitivities;
  if (!s) return { stoichiometry, params, inputs };
  stoichiometry.mapsInAtoms = true;
  const atoms = inputs.maps.map((m, i) => {
    const out = new Float32Array(m.length), si = s[i]!;
    for (let p = 0; p < m.length; p++) out[p] = m[p]! / si;
    return out;
  });
  // atoms = maps / s: their per-pixel variances (spectrum-image maps) scale by 1/s²
  const variances = inputs.variances?.map((v, i) => Float32Array.from(v, (e) => e / (s[i]! * s[i]!)));
  return { stoichiometry, params, inputs: { ...inputs, maps: atoms, ...(variances ? { variances } : {}) } };
}
