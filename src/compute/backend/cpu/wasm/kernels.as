// Entry of the WebAssembly module: the FGP kernel, the gradient step and the cost terms.
export { fgpTile } from './fgp';
export { gradientStep } from './gradient';
export { costRows } from './cost';
