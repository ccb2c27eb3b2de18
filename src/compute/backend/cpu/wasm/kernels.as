// Entry of the WebAssembly module: the FGP kernels, the gradient step, the cost terms and the box blur.
export { fgpTile, fgpTilePlanes } from './fgp';
export { gradientStep } from './gradient';
export { costRows } from './cost';
export { boxBlurBand } from './blur';
