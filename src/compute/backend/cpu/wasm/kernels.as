// Entry of the WebAssembly module: the FGP kernels and the gradient step.
export { fgpIteration, fgpResult } from './fgp';
export { gradientStep } from './gradient';
