// The calling thread's own instance of the WebAssembly kernels, for the passes that run outside the backend's
// threads (the box blur of the setup, the HAADF refit): one memory, grown when a pass needs more, kept for the
// thread's lifetime. Passes run synchronously, one at a time, so they share it.

import { instantiateKernels, kernelsWasmModule, type KernelsWasmExports } from './wasm/kernels-module.js';
import { wasmApi, type WasmMemory } from './wasm/webassembly-api.js';

const PAGE = 65536;

export interface CallerWasm {
  readonly memory: WasmMemory;
  readonly exports: KernelsWasmExports;
  pages: number;
}

let cached: CallerWasm | null | undefined;

/** The calling thread's kernels with at least `bytes` of memory (grown when needed); null without the wasm kernels. */
export function callerWasm(bytes: number): CallerWasm | null {
  if (cached === undefined) {
    const module = kernelsWasmModule();
    if (!module || !wasmApi) cached = null;
    else {
      const pages = Math.ceil(bytes / PAGE);
      const memory = new wasmApi.Memory({ initial: pages, maximum: 65536, shared: true });
      cached = { memory, exports: instantiateKernels(module, memory), pages };
    }
  }
  if (cached && cached.pages * PAGE < bytes) {
    const more = Math.ceil(bytes / PAGE) - cached.pages;
    cached.memory.grow(more);
    cached.pages += more;
  }
  return cached;
}

/** n rounded up to 16 bytes. */
export const align16 = (n: number): number => Math.ceil(n / 16) * 16;
