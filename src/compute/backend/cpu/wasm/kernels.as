// Entry of the WebAssembly module: the FGP kernels, the gradient step and the cost terms.
export { fgpIteration, fgpResult, fgpTile } from './fgp';
export { gradientStep } from './gradient';
export { costRows } from './cost';
