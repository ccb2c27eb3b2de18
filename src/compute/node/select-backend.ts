// Choosing a backend: explicit ('cpu', 'gpu', 'reference') or 'auto'. Auto uses the CPU backend on all
// threads unless gpu.js has a GPU mode here; then both run a short calibration at 256²×3 (10 TV iterations)
// and the faster wins. The choice and its reason are recorded in the backend's name. gpu.js (≈ 50 ms to load)
// is imported only when a GPU backend is asked for or 'auto' looks for a GPU mode — and 'auto' skips the look
// where gpu.js could not find one (Node without headless-gl, which fusem does not install).

import { availableParallelism } from 'node:os';
import type { BackendChoice, FusionBackend } from '../backend/types.js';
import { InputError } from '../io/errors.js';
import { CpuBackend } from './cpu/cpu-backend.js';
import type { GpuMode } from '../backend/gpu/gpu-backend.js';

export type { BackendChoice };

export interface BackendOptions {
  /** CPU threads (default os.availableParallelism()). */
  threads?: number;
}

/** The GPU-capable gpu.js mode available here (WebGPU, else a GL backend), or null. */
export async function gpuMode(): Promise<GpuMode | null> {
  if (!mayHaveGpu()) return null;
  const { GPU } = await import('gpu.js');
  if (GPU.isWebGPUSupported && (await GPU.isWebGPUAvailable())) return 'webgpu';
  if (GPU.isHeadlessGLSupported || GPU.isWebGL2Supported || GPU.isWebGLSupported) return 'gpu';
  return null;
}

/**
 * Whether gpu.js could find a GPU mode in this runtime at all: a browser or Electron renderer (WebGL/WebGPU), or
 * Node with the optional headless-gl package ('gl') installed. Answering this needs no import of gpu.js.
 */
function mayHaveGpu(): boolean {
  const g = globalThis as { document?: unknown; navigator?: { gpu?: unknown } };
  if (g.document !== undefined || g.navigator?.gpu !== undefined) return true;
  try {
    return typeof import.meta.resolve === 'function' && import.meta.resolve('gl') !== '';
  } catch {
    return false;
  }
}

async function gpuBackend(mode: GpuMode, name?: string): Promise<FusionBackend & { readonly name: string }> {
  const { GpuBackend } = await import('../backend/gpu/gpu-backend.js');
  return new GpuBackend(name === undefined ? { mode } : { mode, name });
}

export async function createBackend(choice: BackendChoice, opts: BackendOptions = {}): Promise<FusionBackend> {
  const threads = opts.threads ?? availableParallelism();
  switch (choice) {
    case 'reference': // (loaded when asked: the reference kernels and the calibration are off the CPU path's start-up)
      return new (await import('../backend/reference.js')).ReferenceBackend();
    case 'cpu':
      return new CpuBackend({ threads });
    case 'gpu': {
      const mode = await gpuMode();
      if (!mode) {
        throw new InputError('--backend gpu', 'no GPU here: gpu.js finds neither WebGPU nor WebGL2/WebGL nor headless-gl in this runtime (use --backend cpu or auto)');
      }
      return gpuBackend(mode);
    }
    case 'auto': {
      const mode = await gpuMode();
      const cpuName = `cpu×${threads}`;
      if (!mode) return new CpuBackend({ threads, name: `${cpuName} (auto: no GPU mode)` });
      const { msPerIteration, syntheticProblem } = await import('../backend/calibrate.js');
      const problem = syntheticProblem(256, 256, 3);
      const cpuMs = await msPerIteration(new CpuBackend({ threads }), { ...problem, x: problem.x.slice() }, 3).catch(() => Infinity);
      const gpu = await gpuBackend(mode);
      const gpuMs = await msPerIteration(gpu, { ...problem, x: problem.x.slice() }, 3).catch(() => Infinity);
      await gpu.dispose();
      const why = `auto: ${cpuName} ${cpuMs.toFixed(1)} ms vs ${gpu.name} ${gpuMs.toFixed(1)} ms per iteration at 256²×3`;
      if (gpuMs < cpuMs) return gpuBackend(mode, `${gpu.name} (${why})`);
      return new CpuBackend({ threads, name: `${cpuName} (${why})` });
    }
    default:
      throw new Error(`unknown backend "${String(choice)}" (auto, cpu, gpu or reference)`);
  }
}
