// How far results depend on modelling choices the data cannot fix.

export { compositionOf, compositionSpread, gammaScan, type GammaPoint, type GammaScan } from './gamma-scan.js';
