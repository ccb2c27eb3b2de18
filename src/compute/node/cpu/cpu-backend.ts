// The CPU backend: fused, allocation-free kernels over row bands, split over worker threads that share the
// problem through SharedArrayBuffer and meet at Atomics barriers (plan.ts); threads = 1 runs the same kernels
// inline, without workers. Gradient step and costs: TypeScript (gradient-step.ts, cost-rows.ts). FGP:
// WebAssembly f32x4 SIMD (wasm/fgp.as) by default, ~8× faster than the TypeScript kernels (fgp-rows.ts),
// which remain as the fallback where WebAssembly SIMD or shared memory is missing (bench/README.md).

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { CostTerms, FusionBackend, KernelProblem } from '../../backend/types.js';
import { abortAll, BarrierAborted, COMMAND, CONTROL, postCommand } from '../../backend/cpu/barrier.js';
import { viewOf, type FgpKernels, type PlanInit } from '../../backend/cpu/plan-init.js';
import { kernelsWasmModule } from '../../backend/cpu/wasm/kernels-module.js';
import { wasmLayout } from '../../backend/cpu/wasm/layout.js';
import { wasmApi, type WasmMemory, type WasmModule } from '../../backend/cpu/wasm/webassembly-api.js';
import { ThreadPlan } from '../../backend/cpu/plan.js';
import { startWorkers } from './workers.js';

export interface CpuBackendOptions {
  /** Threads to compute with (the calling thread included); default os.availableParallelism(). */
  threads?: number;
  /**
   * FGP kernels: 'wasm' (WebAssembly SIMD, float32 arithmetic) or 'ts' (TypeScript, bit-identical to the
   * reference). Default 'wasm' where the platform has WebAssembly SIMD and shared memory, else 'ts'.
   */
  kernels?: FgpKernels;
  /** Overrides the name (default `cpu×<threads>`, `cpu-ts×<threads>` for the TypeScript kernels). */
  name?: string;
}

interface Bound {
  problem: KernelProblem;
  plan: ThreadPlan;
  workers: Worker[];
  control: Int32Array;
  sums: Float64Array;
  /** Shared copies of x and haadf when the problem's own arrays are not shared and threads > 1. */
  xMirror: Float32Array | null;
  haadfMirror: Float32Array | null;
}

/** WebAssembly's 32-bit memory: 65536 pages of 64 KiB. */
const MAX_PAGES = 65536;

function isShared(a: Float32Array): boolean {
  return typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer;
}

/** The kernel module and a shared memory sized for the problem (wasm/layout.ts), holding its maps and weights. */
function wasmMemory(problem: KernelProblem, threads: number): { module: WasmModule; memory: WasmMemory } {
  const { width, height, elements } = problem;
  const module = kernelsWasmModule();
  if (!module) throw new Error('CpuBackend: WebAssembly SIMD with shared memory is not available here');
  const layout = wasmLayout(width, height, elements, threads);
  const memory = new wasmApi!.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
  new Float32Array(memory.buffer, layout.maps, problem.maps.length).set(problem.maps);
  new Float64Array(memory.buffer, layout.weights, elements).set(problem.weights);
  return { module, memory };
}

export class CpuBackend implements FusionBackend {
  readonly threads: number;
  private readonly requested: FgpKernels | undefined;
  private readonly label: string | undefined;
  /** The kernels of the current (or, before setup, the next) problem. */
  private chosen: FgpKernels;
  private bound: Bound | null = null;
  private workerError: Error | null = null;

  constructor(options: CpuBackendOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`CpuBackend: threads must be a positive integer, got ${threads}`);
    this.threads = threads;
    const wasmAvailable = kernelsWasmModule() !== null;
    if (options.kernels === 'wasm' && !wasmAvailable) throw new Error('CpuBackend: WebAssembly SIMD with shared memory is not available here');
    this.requested = options.kernels;
    this.chosen = options.kernels ?? (wasmAvailable ? 'wasm' : 'ts');
    this.label = options.name;
  }

  /** The given name, else `cpu×<threads>` (WebAssembly kernels) or `cpu-ts×<threads>` (TypeScript kernels). */
  get name(): string {
    return this.label ?? `${this.chosen === 'wasm' ? 'cpu' : 'cpu-ts'}×${this.threads}`;
  }

  /** Which FGP kernels compute (wasm unless unavailable, or the problem exceeds WebAssembly's 4 GiB memory). */
  get kernels(): FgpKernels {
    return this.chosen;
  }

  async setup(problem: KernelProblem): Promise<void> {
    await this.dispose();
    const { width, height, elements } = problem;
    const n = width * height;
    const threads = this.threads;
    const fits = wasmLayout(width, height, elements, threads).pages <= MAX_PAGES;
    if (this.requested === 'wasm' && !fits) throw new Error(`CpuBackend: a ${width}×${height}×${elements} problem exceeds WebAssembly's 4 GiB memory; use the 'ts' kernels`);
    this.chosen = this.requested ?? (kernelsWasmModule() !== null && fits ? 'wasm' : 'ts');
    const multi = threads > 1;
    const alloc = (bytes: number): SharedArrayBuffer | ArrayBuffer => (multi ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    const mirror = (a: Float32Array): Float32Array | null => {
      if (!multi || isShared(a)) return null;
      const m = new Float32Array(alloc(a.byteLength));
      m.set(a);
      return m;
    };
    const xMirror = mirror(problem.x);
    const haadfMirror = mirror(problem.haadf);
    const mapsMirror = mirror(problem.maps);
    const control = alloc(CONTROL.length * 4);
    const sums = alloc(threads * 3 * 8);
    const init: PlanInit = {
      width,
      height,
      elements,
      gamma: problem.gamma,
      stepHaadf: problem.stepHaadf,
      lambdaChem: problem.lambdaChem,
      eps: problem.eps,
      poisson: problem.dataTerm === 'poisson',
      lambdaTV: problem.lambdaTV,
      tvIterations: problem.tvIterations,
      weights: Array.from(problem.weights),
      threads,
      x: viewOf(xMirror ?? problem.x),
      maps: viewOf(mapsMirror ?? problem.maps),
      haadf: viewOf(haadfMirror ?? problem.haadf),
      kernels: this.chosen,
      work: this.chosen === 'ts' ? alloc(6 * elements * n * 4) : null,
      wasm: this.chosen === 'wasm' ? wasmMemory(problem, threads) : null,
      sums,
      control,
    };
    const plan = new ThreadPlan(init, 0);
    this.workerError = null;
    const workers = multi ? await startWorkers(init, (e) => (this.workerError = e)) : [];
    this.bound = { problem, plan, workers, control: new Int32Array(control), sums: new Float64Array(sums), xMirror, haadfMirror };
  }

  private get state(): Bound {
    if (!this.bound) throw new Error('CpuBackend: setup() was not called');
    return this.bound;
  }

  /** Runs `command` on every thread (rank 0 here); blocks until all are done. */
  private run(command: number, rank0: () => void): void {
    const b = this.state;
    if (Atomics.load(b.control, CONTROL.abort) !== 0) throw this.failure();
    if (b.workers.length > 0) postCommand(b.control, command);
    try {
      rank0();
    } catch (error) {
      if (error instanceof BarrierAborted) throw this.failure();
      abortAll(b.control);
      throw error;
    }
  }

  private failure(): Error {
    const cause = this.workerError;
    return new Error(`CpuBackend: a worker thread failed${cause ? `: ${cause.message}` : ''}; dispose() and set up again`, { cause });
  }

  async iterate(): Promise<void> {
    const b = this.state;
    if (b.xMirror) b.xMirror.set(b.problem.x);
    if (b.haadfMirror) b.haadfMirror.set(b.problem.haadf); // the solver may rewrite haadf between iterations
    this.run(COMMAND.iterate, () => b.plan.iterate());
    if (b.xMirror) b.problem.x.set(b.xMirror);
  }

  async costs(): Promise<CostTerms> {
    const b = this.state;
    if (b.xMirror) b.xMirror.set(b.problem.x);
    if (b.haadfMirror) b.haadfMirror.set(b.problem.haadf);
    this.run(COMMAND.costs, () => b.plan.costs());
    const terms: CostTerms = { haadf: 0, chem: 0, tv: 0 };
    for (let t = 0; t < this.threads; t++) {
      terms.haadf += b.sums[3 * t]!;
      terms.chem += b.sums[3 * t + 1]!;
      terms.tv += b.sums[3 * t + 2]!;
    }
    return terms;
  }

  async dispose(): Promise<void> {
    const b = this.bound;
    this.bound = null;
    if (!b || b.workers.length === 0) return;
    postCommand(b.control, COMMAND.exit);
    await Promise.all(b.workers.map((w) => w.terminate()));
  }
}
