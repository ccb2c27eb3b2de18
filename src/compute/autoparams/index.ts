// λ from the data (issues 6, 10): one held-out split (Poisson thinning for counts, Gaussian data fission otherwise), a
// warm-started ×2 path search scored by an unbiased risk, then the fusion (fuseWithDefaults).

export type { AutoMethod, AutoParamsResult, ValidationPoint } from './types.js';
export { binomial, binomialHalf, countSteps, EXACT_HALF_LIMIT, isCountData, thinMaps, thinScaledMaps } from './thinning.js';
export { fissionMaps, pixelVariance, type FissionHalves } from './fission.js';
export { checkerboardMask, fillHeldOut } from './checkerboard.js';
export { countVariance, heldOutSquaredError, poissonScore, riskDifference, unbiasedRisk, type RiskDifference } from './score.js';
export { autoParamsReport, formatValidationCurve, type AutoParamsReport } from './report.js';
export { pathSearch, searchCrop, SEARCH_TOLERANCE, type OneStandardErrorStep, type PathSearchOptions, type PathSearchResult, type SearchProgress } from './path-search.js';
export { fuseWithDefaults, type DefaultFusion, type DefaultFusionOptions } from './default-fusion.js';
