// Entry of the WebAssembly module: the FGP kernels, the gradient step, the cost terms, the box blur, the HAADF refit and the solver's momentum passes.
export { fgpTile, fgpTilePlanes } from './fgp';
export { gradientStep } from './gradient';
export { costRows } from './cost';
export { boxBlurBand } from './blur';
export { refitSums, haadfTarget } from './refit';
export { momentumSums, extrapolate } from './momentum';
