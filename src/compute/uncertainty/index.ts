// Standard-error maps (DESIGN.md §1, §2 uncertainty/): per-pixel Fisher blocks, inverted exactly.

export { addGaussianMapInformation, addOuterProduct, addPoissonInformation, haadfJacobian, invertSpd, sandwich } from './fisher-block.js';
export { estimateHaadfNoise, haadfVariance, type HaadfNoiseModel } from './haadf-noise.js';
export { standardErrorMaps, type HaadfVarianceOption, type StandardErrors, type StderrMethod, type StderrOptions } from './stderr-maps.js';
export { stderrReport, type StderrReport } from './report.js';
