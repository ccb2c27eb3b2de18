// Stoichiometry: per-element sensitivities (k-ratios) from the HAADF or given factors, and what a composition is.

export { estimateSensitivities, IDENTIFIABLE_RELATIVE_SE, type EstimateOptions, type SensitivityEstimate } from './estimate.js';
export { checkFactors, FACTOR_KINDS, factorRatioUncertainties, isPrior, MAX_FACTOR_UNCERTAINTY, sensitivitiesFromFactors, weightsForSensitivities, type FactorKind, type GivenFactors } from './factors.js';
export { summedComposition, type SummedShare } from './composition.js';
export { ATOM_UNITS, atomMaps, combineWithPrior, compositionErrorFromSensitivities, decideStoichiometry, estimatedUnit, GIVEN_UNIT, UNCALIBRATED_UNIT, type CompositionBasis, type Stoichiometry } from './stoichiometry.js';
export { planStoichiometry, type StoichiometryPlan } from './plan.js';
