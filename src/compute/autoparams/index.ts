// Automatic fusion parameters from the data (issue 6): Poisson thinning or checkerboard cross-validation over a λ grid.

export { autoParams, DEFAULT_LAMBDA_CHEM_GRID, DEFAULT_LAMBDA_TV_GRID, type AutoMethod, type AutoParamsOptions, type AutoParamsResult, type ValidationPoint } from './search.js';
export { binomial, binomialHalf, countSteps, EXACT_HALF_LIMIT, isCountData, thinMaps, thinScaledMaps } from './thinning.js';
export { fissionMaps, pixelVariance, type FissionHalves } from './fission.js';
export { checkerboardMask, fillHeldOut } from './checkerboard.js';
export { fissionRisk, heldOutRisk, heldOutSquaredError, poissonScore } from './score.js';
export { autoParamsReport, formatValidationCurve, type AutoParamsReport } from './report.js';
export { pathSearch, searchCrop, SEARCH_TOLERANCE, type PathSearchOptions, type PathSearchResult, type SearchProgress } from './path-search.js';
export { fuseWithDefaults, type DefaultFusion, type DefaultFusionOptions } from './default-fusion.js';
