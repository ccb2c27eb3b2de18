// Entry of the WebAssembly module: the FGP kernel, the gradient step, the cost terms, the box blur and the HAADF refit.
export { fgpTile } from './fgp';
export { gradientStep } from './gradient';
export { costRows } from './cost';
export { boxBlurBand } from './blur';
export { refitSums, haadfTarget } from './refit';
