// Choosing a backend: explicit ('cpu', 'gpu', 'reference') or 'auto'. Auto uses the CPU backend on all
// threads unless gpu.js has a GPU mode here; then both run a short calibration at 256²×3 (10 TV iterations)
// and the faster wins. The choice and its reason are recorded in the backend's name.

import { availableParallelism } from 'node:os';
import { GPU } from 'gpu.js';
import type { BackendChoice, FusionBackend } from '../backend/types.js';
import { ReferenceBackend } from '../backend/reference.js';
import { CpuBackend } from './cpu/cpu-backend.js';
import { GpuBackend, type GpuMode } from '../backend/gpu/gpu-backend.js';
import { msPerIteration, syntheticProblem } from '../backend/calibrate.js';

export type { BackendChoice };

export interface BackendOptions {
  /** CPU threads (default os.availableParallelism()). */
  threads?: number;
}

/** The GPU-capable gpu.js mode available here (WebGPU, else a GL backend), or null. */
export async function gpuMode(): Promise<GpuMode | null> {
  if (GPU.isWebGPUSupported && (await GPU.isWebGPUAvailable())) return 'webgpu';
  if (GPU.isHeadlessGLSupported || GPU.isWebGL2Supported || GPU.isWebGLSupported) return 'gpu';
  return null;
}

export async function createBackend(choice: BackendChoice, opts: BackendOptions = {}): Promise<FusionBackend> {
  const threads = opts.threads ?? availableParallelism();
  switch (choice) {
    case 'reference':
      return new ReferenceBackend();
    case 'cpu':
      return new CpuBackend({ threads });
    case 'gpu': {
      const mode = await gpuMode();
      if (!mode) {
        throw new Error('no GPU backend here: gpu.js finds neither WebGPU nor WebGL2/WebGL nor headless-gl in this runtime (use --backend cpu)');
      }
      return new GpuBackend({ mode });
    }
    case 'auto': {
      const mode = await gpuMode();
      const cpuName = `cpu×${threads}`;
      if (!mode) return new CpuBackend({ threads, name: `${cpuName} (auto: no GPU mode)` });
      const problem = syntheticProblem(256, 256, 3);
      const cpuMs = await msPerIteration(new CpuBackend({ threads }), { ...problem, x: problem.x.slice() }, 3).catch(() => Infinity);
      const gpu = new GpuBackend({ mode });
      const gpuMs = await msPerIteration(gpu, { ...problem, x: problem.x.slice() }, 3).catch(() => Infinity);
      await gpu.dispose();
      const why = `auto: ${cpuName} ${cpuMs.toFixed(1)} ms vs ${gpu.name} ${gpuMs.toFixed(1)} ms per iteration at 256²×3`;
      if (gpuMs < cpuMs) return new GpuBackend({ mode, name: `${gpu.name} (${why})` });
      return new CpuBackend({ threads, name: `${cpuName} (${why})` });
    }
    default:
      throw new Error(`unknown backend "${String(choice)}" (auto, cpu, gpu or reference)`);
  }
}
