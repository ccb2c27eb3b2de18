// The array kernels of the fusion solver (DESIGN.md §2, backend/): the contract, its implementations, the choice.

export type { CostTerms, DataTerm, FusionBackend, KernelProblem } from './types.js';
export { ReferenceBackend } from './reference.js';
export { CpuBackend, type CpuBackendOptions } from '../node/cpu/cpu-backend.js';
export { GpuBackend, type GpuBackendOptions, type GpuMode } from './gpu/gpu-backend.js';
export { createBackend, gpuMode, type BackendChoice, type BackendOptions } from '../node/select-backend.js';
