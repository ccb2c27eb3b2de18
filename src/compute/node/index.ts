// Node adapters of the engine (docs/ARCHITECTURE.md): what needs node: modules — worker threads, the OS, files —
// kept apart so compute/solve, model, tv and the kernels load in a browser worker too.

export { CpuBackend, type CpuBackendOptions } from './cpu/cpu-backend.js';
export { createBackend, gpuMode, type BackendChoice, type BackendOptions } from './select-backend.js';
export { FUSEM_VERSION } from './version.js';
