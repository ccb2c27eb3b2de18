// One thread's share of the CPU backend's work (ThreadPlan), and the plan for the chosen kernels (createPlan):
// the WebAssembly kernels in tiles (wasm-plan.ts), or the TypeScript kernels here. All memory is bound in the
// constructor; iterate() and costs() allocate nothing. The main thread runs rank 0, workers the other ranks.
//
// TypeScript kernels, per outer iteration: gradient step (pointwise, into b) | barrier | ng × (FGP iteration for
// every element | barrier) | FGP result x = P_C(b − λL(p,q)) | barrier. The momentum point (r, s) alternates
// between two buffers so a thread never overwrites a row its neighbour still reads in the same pass.

import { arriveAndWait, CONTROL } from './barrier.js';
import { costRows, type CostSums } from './cost-rows.js';
import { fgpIterationRows, fgpResultRows, type FgpArrays } from './fgp-rows.js';
import { gradientScratch, gradientStep, type GradientInputs, type GradientScratch } from './gradient-step.js';
import { band, fgpMomenta, float32, type PlanInit } from './plan-init.js';
import { WasmTilePlan, type ThreadWasm } from './wasm-plan.js';

/** One thread's share of the work; the main thread adds the partial cost sums after costs(). */
export interface ThreadPlan {
  iterate(): void;
  costs(): void;
  /** iterate(), then costs() at the new iterate (FusionBackend.step). */
  step(): void;
}

/** The plan of thread `rank` for `init`; `wasm`: this thread's wasm memory from an earlier problem, reused when possible. */
export function createPlan(init: PlanInit, rank: number, wasm: ThreadWasm | null): ThreadPlan & { readonly wasm?: ThreadWasm } {
  return init.kernels === 'wasm' ? new WasmTilePlan(init, rank, wasm) : new TsPlan(init, rank);
}

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

/** The TypeScript kernels' plan: row bands through every pass, barriers between passes. */
class TsPlan implements ThreadPlan {
  private readonly init: PlanInit;
  private readonly rank: number;
  private readonly y0: number;
  private readonly y1: number;
  private readonly inputs: GradientInputs;
  private readonly scratch: GradientScratch;
  private readonly ts: TsFgp;
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
      mapWeights: init.mapWeights ? float32(init.mapWeights) : null,
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
    this.momenta = fgpMomenta(init.tvIterations);
    this.sums = new Float64Array(init.sums);
    this.control = new Int32Array(init.control, 0, CONTROL.length);
    const stack = elements * n;
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
  }

  private sync(): void {
    arriveAndWait(this.control, this.init.threads);
  }

  /** The TypeScript kernels: the two passes one after the other. */
  step(): void {
    this.iterate();
    this.costs();
  }

  /** This thread's share of one outer iteration (FusionBackend.iterate). */
  iterate(): void {
    const { width: w, lambdaTV, tvIterations } = this.init;
    const tv = lambdaTV > 0 && tvIterations > 0;
    if (tv) this.proxTs(this.ts);
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
