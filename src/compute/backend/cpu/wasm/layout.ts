// Where the WebAssembly kernels keep their arrays in the shared wasm memory (byte offsets, 16-byte aligned):
// x (the iterate: gradient step in place, then the FGP input b and its result), maps, haadf, weights (float64),
// the FGP dual p, q and momentum points r₀, s₀, r₁, s₁ (element stacks), a row of zeros, and per thread two
// scratch rows of z and the gradient step's scratch.

const PAGE = 65536;
/** Left free below the arrays (the module has no data, but keep address 0 unused). */
const BASE = 1024;

export interface WasmLayout {
  readonly x: number;
  readonly maps: number;
  readonly haadf: number;
  readonly weights: number;
  readonly p: number;
  readonly q: number;
  readonly r0: number;
  readonly s0: number;
  readonly r1: number;
  readonly s1: number;
  readonly zeros: number;
  /** Scratch of thread t starts at scratch + t·threadScratch: zA, zB (rowBytes each), then the gradient step's. */
  readonly scratch: number;
  readonly threadScratch: number;
  readonly rowBytes: number;
  readonly pages: number;
}

const align = (n: number): number => Math.ceil(n / 16) * 16;

export function wasmLayout(width: number, height: number, elements: number, threads: number): WasmLayout {
  const stack = align(width * height * elements * 4);
  const rowBytes = align(width * 4);
  const haadf = BASE + 2 * stack;
  const weights = haadf + align(width * height * 4);
  const at = (i: number): number => weights + align(elements * 8) + i * stack;
  const zeros = at(6);
  const scratch = zeros + rowBytes;
  const threadScratch = 2 * rowBytes + 16 * elements;
  const end = scratch + threads * threadScratch + 16; // +16: SIMD loads never reach past the end
  return {
    x: BASE,
    maps: BASE + stack,
    haadf,
    weights,
    p: at(0),
    q: at(1),
    r0: at(2),
    s0: at(3),
    r1: at(4),
    s1: at(5),
    zeros,
    scratch,
    threadScratch,
    rowBytes,
    pages: Math.ceil(end / PAGE),
  };
}
