// The array kernels of the fusion solver (DESIGN.md §2, backend/): the contract and the implementations that load
// anywhere. The CPU backend on worker threads and the calibrated choice (createBackend) are Node adapters: compute/node.

export type { BackendChoice, CostTerms, DataTerm, FusionBackend, KernelProblem } from './types.js';
export { ReferenceBackend } from './reference.js';
export { GpuBackend, type GpuBackendOptions, type GpuMode } from './gpu/gpu-backend.js';
