// One thread's share of the CPU backend's work: its band of rows through every pass of an outer iteration,
// with a barrier between passes that read rows another thread writes. All memory is bound in the constructor;
// iterate() and costs() allocate nothing. The main thread runs rank 0, workers the other ranks.
//
// Per outer iteration: gradient step (pointwise, into b) | barrier | ng × (FGP iteration for every element |
// barrier) | FGP result x = P_C(b − λL(p,q)) | barrier. The momentum point (r, s) alternates between two
// buffers so a thread never overwrites a row its neighbour still reads in the same pass. With the WebAssembly
// kernels everything lives in the wasm memory: each thread copies its band of x and h in, and of x back out.

import { arriveAndWait, CONTROL } from './barrier.js';
import { costRows, type CostSums } from './cost-rows.js';
import { fgpIterationRows, fgpResultRows, type FgpArrays } from './fgp-rows.js';
import { gradientScratch, gradientStep, type GradientInputs, type GradientScratch } from './gradient-step.js';
import { band, float32, type PlanInit } from './plan-init.js';
import { instantiateKernels, type KernelsWasmExports } from './wasm/kernels-module.js';
import { powMode } from './fast-pow.js';
import { wasmLayout, type WasmLayout } from './wasm/layout.js';

/** The TypeScript FGP state of one thread. */
interface TsFgp {
  readonly p: Float32Array;
  readonly q: Float32Array;
  /** FGP arrays of even iterations (read r₀,s₀, write r₁,s₁) and odd ones (the reverse). */
  readonly even: FgpArrays;
  readonly odd: FgpArrays;
  readonly zA: Float32Array;
  readonly zB: Float32Array;
}

/** The WebAssembly state of one thread. */
interface WasmFgp {
  readonly exports: KernelsWasmExports;
  readonly layout: WasmLayout;
  /** The whole wasm memory as float32. */
  readonly heap: Float32Array;
  readonly zA: number;
  readonly zB: number;
  readonly gradientScratch: number;
  /** This band of x (per element) and of h, in wasm memory and in the problem's arrays. */
  readonly xWasm: Float32Array[];
  readonly xProblem: Float32Array[];
  readonly haadfWasm: Float32Array;
  readonly haadfProblem: Float32Array;
}

export class ThreadPlan {
  private readonly init: PlanInit;
  private readonly rank: number;
  private readonly y0: number;
  private readonly y1: number;
  private readonly inputs: GradientInputs;
  private readonly scratch: GradientScratch;
  private readonly ts: TsFgp | null;
  private readonly wasm: WasmFgp | null;
  private readonly momenta: Float64Array;
  private readonly sums: Float64Array;
  private readonly partial: CostSums = { haadf: 0, chem: 0, tv: 0 };
  private readonly control: Int32Array;

  constructor(init: PlanInit, rank: number) {
    this.init = init;
    this.rank = rank;
    const [y0, y1] = band(rank, init.threads, init.height);
    this.y0 = y0;
    this.y1 = y1;
    const { width: w, height: h, elements } = init;
    const x = float32(init.x);
    const n = w * h;
    this.inputs = {
      x,
      xBits: new Int32Array(x.buffer, x.byteOffset, x.length),
      maps: float32(init.maps),
      haadf: float32(init.haadf),
      weights: Float64Array.from(init.weights),
      elements,
      pixels: n,
      gamma: init.gamma,
      stepHaadf: init.stepHaadf,
      lambdaChem: init.lambdaChem,
      eps: init.eps,
      poisson: init.poisson,
    };
    this.scratch = gradientScratch(elements);
    this.momenta = new Float64Array(init.tvIterations);
    let t = 1;
    for (let k = 0; k < init.tvIterations; k++) {
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2; // t_{k+1} = (1 + √(1 + 4t_k²)) / 2
      this.momenta[k] = (t - 1) / tNext;
      t = tNext;
    }
    this.sums = new Float64Array(init.sums);
    this.control = new Int32Array(init.control, 0, CONTROL.length);
    const stack = elements * n;
    if (init.kernels === 'wasm') {
      if (!init.wasm) throw new Error('ThreadPlan: wasm kernels without a wasm module');
      const layout = wasmLayout(w, h, elements, init.threads);
      const heap = new Float32Array(init.wasm.memory.buffer);
      const bands = (array: Float32Array, offset: number): Float32Array[] =>
        Array.from({ length: elements }, (_, i) => array.subarray(offset + i * n + y0 * w, offset + i * n + y1 * w));
      const mine = layout.scratch + rank * layout.threadScratch;
      this.wasm = {
        exports: instantiateKernels(init.wasm.module, init.wasm.memory),
        layout,
        heap,
        zA: mine,
        zB: mine + layout.rowBytes,
        gradientScratch: mine + 2 * layout.rowBytes,
        xWasm: bands(heap, layout.x / 4),
        xProblem: bands(x, 0),
        haadfWasm: heap.subarray(layout.haadf / 4 + y0 * w, layout.haadf / 4 + y1 * w),
        haadfProblem: this.inputs.haadf.subarray(y0 * w, y1 * w),
      };
      this.ts = null;
    } else {
      if (!init.work) throw new Error('ThreadPlan: TypeScript kernels without work memory');
      const work = (i: number): Float32Array => new Float32Array(init.work!, i * stack * 4, stack);
      const p = work(0), q = work(1), r0 = work(2), s0 = work(3), r1 = work(4), s1 = work(5);
      this.ts = {
        p,
        q,
        even: { b: x, rIn: r0, sIn: s0, p, q, rOut: r1, sOut: s1 },
        odd: { b: x, rIn: r1, sIn: s1, p, q, rOut: r0, sOut: s0 },
        zA: new Float32Array(w),
        zB: new Float32Array(w),
      };
      this.wasm = null;
    }
  }

  private sync(): void {
    arriveAndWait(this.control, this.init.threads);
  }

  /** This thread's share of one outer iteration (FusionBackend.iterate). */
  iterate(): void {
    const { width: w, lambdaTV, tvIterations } = this.init;
    const tv = lambdaTV > 0 && tvIterations > 0;
    if (this.wasm) this.iterateWasm(this.wasm, tv);
    else if (tv && this.ts) this.proxTs(this.ts);
    else gradientStep(this.inputs, this.y0 * w, this.y1 * w, this.scratch, this.inputs.x);
    this.sync(); // done: the main thread may return
  }

  /** Gradient step and FGP with the TypeScript kernels, in place on x. */
  private proxTs(s: TsFgp): void {
    const { width: w, height: h, elements, lambdaTV, tvIterations } = this.init;
    const { y0, y1 } = this;
    const n = w * h;
    const x = this.inputs.x;
    gradientStep(this.inputs, y0 * w, y1 * w, this.scratch, x);
    this.sync(); // FGP reads b one row past the band
    for (let k = 0; k < tvIterations; k++) {
      const arrays = k % 2 === 0 ? s.even : s.odd;
      const m = this.momenta[k]!;
      for (let i = 0; i < elements; i++) fgpIterationRows(arrays, i * n, w, h, y0, y1, lambdaTV, m, k === 0, s.zA, s.zB);
      this.sync(); // the next iteration reads (r, s) one row past the band
    }
    for (let i = 0; i < elements; i++) fgpResultRows(x, s.p, s.q, i * n, w, y0, y1, lambdaTV, x);
  }

  /** Gradient step and FGP with the WebAssembly kernels, on this band's copy of x in wasm memory. */
  private iterateWasm(s: WasmFgp, tv: boolean): void {
    const { width: w, height: h, elements, lambdaTV, tvIterations } = this.init;
    const { y0, y1 } = this;
    const L = s.layout;
    const f = s.exports;
    const n = w * h;
    const eb = n * 4; // bytes per element image
    for (let i = 0; i < elements; i++) s.xWasm[i]!.set(s.xProblem[i]!);
    s.haadfWasm.set(s.haadfProblem); // the solver may rewrite h between iterations
    const inp = this.inputs;
    f.gradientStep(L.x, L.maps, L.haadf, L.weights, elements, n, y0 * w, y1 * w, inp.gamma, inp.stepHaadf, inp.lambdaChem, inp.eps, inp.poisson ? 1 : 0, powMode(inp.gamma - 1), s.gradientScratch);
    if (tv) {
      // FGP starts from (p, q) = (r, s) = 0
      for (let i = 0; i < elements; i++) {
        const from = (i * eb) / 4 + y0 * w;
        const to = (i * eb) / 4 + y1 * w;
        s.heap.fill(0, L.p / 4 + from, L.p / 4 + to);
        s.heap.fill(0, L.q / 4 + from, L.q / 4 + to);
        s.heap.fill(0, L.r0 / 4 + from, L.r0 / 4 + to);
        s.heap.fill(0, L.s0 / 4 + from, L.s0 / 4 + to);
      }
      this.sync(); // FGP reads b and (r, s) one row past the band
      for (let k = 0; k < tvIterations; k++) {
        const even = k % 2 === 0;
        const rIn = even ? L.r0 : L.r1, sIn = even ? L.s0 : L.s1;
        const rOut = even ? L.r1 : L.r0, sOut = even ? L.s1 : L.s0;
        const m = this.momenta[k]!;
        for (let i = 0; i < elements; i++) {
          const o = i * eb;
          f.fgpIteration(L.x + o, rIn + o, sIn + o, L.p + o, L.q + o, rOut + o, sOut + o, w, h, y0, y1, lambdaTV, m, s.zA, s.zB, L.zeros);
        }
        this.sync();
      }
      for (let i = 0; i < elements; i++) {
        const o = i * eb;
        f.fgpResult(L.x + o, L.p + o, L.q + o, w, y0, y1, lambdaTV, L.x + o, L.zeros);
      }
    }
    for (let i = 0; i < elements; i++) s.xProblem[i]!.set(s.xWasm[i]!);
  }

  /** This thread's partial cost sums, into sums[3·rank ..]; the main thread adds them after the barrier. */
  costs(): void {
    const s = this.partial;
    s.haadf = 0;
    s.chem = 0;
    s.tv = 0;
    costRows(this.inputs, this.init.width, this.init.height, this.y0, this.y1, s);
    const o = 3 * this.rank;
    this.sums[o] = s.haadf;
    this.sums[o + 1] = s.chem;
    this.sums[o + 2] = s.tv;
    this.sync();
  }
}
