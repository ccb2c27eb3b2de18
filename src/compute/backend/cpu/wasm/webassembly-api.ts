// The slice of the WebAssembly JS API the kernels use, typed here: the Node build's lib (ES2023, no DOM)
// has no WebAssembly namespace, though every runtime fusem targets has the global.

/** A compiled module (opaque; can be posted to a worker). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** A linear memory; shared ones are backed by a SharedArrayBuffer and can be posted to a worker. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Adds `pages` pages of 64 KiB; returns the previous size in pages. */
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { readonly exports: object };
}

/** The global WebAssembly object, or undefined where there is none. */
export const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
