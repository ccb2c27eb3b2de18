// Data terms Ψ2 of the elemental maps behind one interface (types.ts), their choice from the data, and unit-free λ.

export type { DataTermChoice, DataTermModel, DataTermName, MapNoise } from './types.js';
export { DATA_TERMS, DATA_TERM_CHOICES, dataTermOf } from './registry.js';
export { poisson } from './poisson.js';
export { lsq } from './lsq.js';
export { estimateMapNoise } from './noise.js';
export { chooseDataTerm, type DataTermDecision } from './choose.js';
export { kernelLambdaChem, pooledInformation, REFERENCE_INFORMATION } from './lambda.js';
export { typicalCurvature } from './curvature.js';
export { meanVariance, smoothVariance, varianceWeights, varianceProblems, MIN_RELATIVE_VARIANCE, VARIANCE_SMOOTHING_RADIUS } from './variance-weights.js';
