// How far results depend on modelling choices the data cannot fix.

export { gammaScan, type GammaPoint, type GammaScan } from './gamma-scan.js';
