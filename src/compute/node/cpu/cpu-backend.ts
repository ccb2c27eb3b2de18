// The CPU backend: fused, allocation-free kernels over row bands, split over worker threads that share the
// problem through SharedArrayBuffer and meet at Atomics barriers (plan.ts); threads = 1 runs the same kernels
// inline, without workers. Default: WebAssembly f32x4 SIMD kernels (wasm/*.as: gradient step, the whole FGP per
// tile of rows, cost terms) in tiles with halos, each thread in its own wasm memory (wasm-plan.ts, tiles.ts), so
// problems of any size run on them. The TypeScript kernels (gradient-step.ts, fgp-rows.ts, cost-rows.ts) remain
// as the fallback where WebAssembly SIMD or shared memory is missing (bench/README.md). The worker threads and
// their wasm memories live from the first setup() (or prepare(), which starts the threads while the caller still
// reads and plans) to dispose(): every problem (a backtracking step, the next fusion of a parameter search) is bound
// to them with one message, without restarting them.

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { CostTerms, FusionBackend, KernelProblem } from '../../backend/types.js';
import { abortAll, arriveAndWait, BarrierAborted, COMMAND, CONTROL, postCommand } from '../../backend/cpu/barrier.js';
import { viewOf, type FgpKernels, type FgpSchedule, type PlanInit } from '../../backend/cpu/plan-init.js';
import { kernelsWasmModule } from '../../backend/cpu/wasm/kernels-module.js';
import { createPlan, type ThreadPlan } from '../../backend/cpu/plan.js';
import type { ThreadWasm } from '../../backend/cpu/wasm-plan.js';
import { haloRows, maxTileRows, TILE_BUDGET_BYTES } from '../../backend/cpu/tiles.js';
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
  /** WebAssembly kernels: the most rows one tile computes (default: as many as fit 64 MiB per thread, tiles.ts). */
  tileRows?: number;
  /** WebAssembly kernels: how the FGP keeps its dual (plan-init.ts FgpSchedule; default 'ring'; 'planes' is round 4's, for comparison). */
  fgpSchedule?: FgpSchedule;
}

interface Bound {
  problem: KernelProblem;
  plan: ThreadPlan;
  /** Shared copies of x and haadf when the problem's own arrays are not shared and threads > 1. */
  xMirror: Float32Array | null;
  haadfMirror: Float32Array | null;
}

/** The worker threads (ranks 1 …) and the shared words they synchronise on, kept across problems. */
interface Pool {
  workers: Worker[];
  controlBuffer: SharedArrayBuffer | ArrayBuffer;
  sumsBuffer: SharedArrayBuffer | ArrayBuffer;
  control: Int32Array;
  sums: Float64Array;
}

/** The shared words of a backend without worker threads (plain buffers: nothing to share). */
function singleThreadPool(): Pool {
  const controlBuffer = new ArrayBuffer(CONTROL.length * 4), sumsBuffer = new ArrayBuffer(3 * 8);
  return { workers: [], controlBuffer, sumsBuffer, control: new Int32Array(controlBuffer), sums: new Float64Array(sumsBuffer) };
}

function isShared(a: Float32Array): boolean {
  return typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer;
}

export class CpuBackend implements FusionBackend {
  readonly threads: number;
  private readonly requested: FgpKernels | undefined;
  private readonly label: string | undefined;
  /** The kernels of the current (or, before setup, the next) problem. */
  private chosen: FgpKernels;
  private bound: Bound | null = null;
  private pool: Pool | null = null;
  /** The main thread's wasm memory, kept across problems. */
  private wasm: ThreadWasm | null = null;
  private readonly tileRows: number | undefined;
  private readonly fgpSchedule: FgpSchedule;
  private workerError: Error | null = null;
  /** The worker threads being started (prepare() or the first setup()), until they are ready. */
  private starting: Promise<Pool> | null = null;

  constructor(options: CpuBackendOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`CpuBackend: threads must be a positive integer, got ${threads}`);
    this.threads = threads;
    const wasmAvailable = kernelsWasmModule() !== null;
    if (options.kernels === 'wasm' && !wasmAvailable) throw new Error('CpuBackend: WebAssembly SIMD with shared memory is not available here');
    this.requested = options.kernels;
    this.chosen = options.kernels ?? (wasmAvailable ? 'wasm' : 'ts');
    this.label = options.name;
    if (options.tileRows !== undefined && !(Number.isInteger(options.tileRows) && options.tileRows >= 1)) throw new Error(`CpuBackend: tileRows must be a positive integer, got ${options.tileRows}`);
    this.tileRows = options.tileRows;
    this.fgpSchedule = options.fgpSchedule ?? 'ring';
  }

  /** The given name, else `cpu×<threads>` (WebAssembly kernels) or `cpu-ts×<threads>` (TypeScript kernels). */
  get name(): string {
    return this.label ?? `${this.chosen === 'wasm' ? 'cpu' : 'cpu-ts'}×${this.threads}`;
  }

  /** The thread ids of the worker threads now running (empty before setup, after dispose, and with 1 thread). */
  get workerThreadIds(): number[] {
    return this.pool?.workers.map((w) => w.threadId) ?? [];
  }

  /** Which kernels compute (wasm unless unavailable here, or 'ts' asked for). */
  get kernels(): FgpKernels {
    return this.chosen;
  }

  /**
   * Starts the worker threads now (they load their code, then wait for a problem), so that their start-up overlaps
   * the caller's own work before the first setup(). Optional: setup() starts them when needed.
   */
  prepare(): void {
    if (this.threads > 1 && !this.pool && !this.starting) void this.startPool().catch(() => undefined); // setup() reports a failed start
  }

  /** The pool of worker threads (ranks 1 …), started once and reused; a start under way is awaited. */
  private startPool(): Promise<Pool> {
    if (this.pool) return Promise.resolve(this.pool);
    this.starting ??= (async () => {
      const controlBuffer = new SharedArrayBuffer(CONTROL.length * 4), sumsBuffer = new SharedArrayBuffer(this.threads * 3 * 8);
      try {
        const workers = await startWorkers(this.threads, controlBuffer, (e) => (this.workerError = e));
        this.pool = { workers, controlBuffer, sumsBuffer, control: new Int32Array(controlBuffer), sums: new Float64Array(sumsBuffer) };
        return this.pool;
      } finally {
        this.starting = null;
      }
    })();
    return this.starting;
  }

  async setup(problem: KernelProblem): Promise<void> {
    this.bound = null;
    const { width, height, elements } = problem;
    const n = width * height;
    const threads = this.threads;
    // per-pixel weights of Ψ2 (KernelProblem.mapWeights) are in the TypeScript kernels only: those then compute
    this.chosen = problem.mapWeights ? 'ts' : this.requested ?? (kernelsWasmModule() !== null ? 'wasm' : 'ts');
    const multi = threads > 1;
    const alloc = (bytes: number): SharedArrayBuffer | ArrayBuffer => (multi ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    const mirror = (a: Float32Array): Float32Array | null => {
      if (!multi || isShared(a)) return null;
      const m = new Float32Array(alloc(a.byteLength));
      m.set(a);
      return m;
    };
    if (this.starting) await this.starting;
    if (this.pool && Atomics.load(this.pool.control, CONTROL.abort) !== 0) await this.dispose(); // a failed pool is not reused
    const pool: Pool = multi ? await this.startPool() : (this.pool ??= singleThreadPool());
    const xMirror = mirror(problem.x);
    const haadfMirror = mirror(problem.haadf);
    const mapsMirror = mirror(problem.maps);
    const weightsMirror = problem.mapWeights ? mirror(problem.mapWeights) : null;
    const tv = problem.lambdaTV > 0 && problem.tvIterations > 0;
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
      mapWeights: problem.mapWeights ? viewOf(weightsMirror ?? problem.mapWeights) : null,
      haadf: viewOf(haadfMirror ?? problem.haadf),
      kernels: this.chosen,
      work: this.chosen === 'ts' ? alloc(6 * elements * n * 4) : null,
      wasmModule: this.chosen === 'wasm' ? kernelsWasmModule() : null,
      tileRows: this.tileRows ?? maxTileRows(width, elements, haloRows(tv, problem.tvIterations), TILE_BUDGET_BYTES, this.fgpSchedule),
      fgpSchedule: this.fgpSchedule,
      sums: pool.sumsBuffer,
      control: pool.controlBuffer,
    };
    this.workerError = null;
    const control = pool.control;
    if (multi) {
      for (const w of pool.workers) w.postMessage(init); // SharedArrayBuffers are shared, the module is shared
      postCommand(control, COMMAND.bind);
    }
    let plan: ThreadPlan & { readonly wasm?: ThreadWasm };
    try {
      plan = createPlan(init, 0, this.wasm);
      if (multi) arriveAndWait(control, threads); // the workers have bound too
    } catch (error) {
      if (!(error instanceof BarrierAborted)) abortAll(control);
      await this.dispose();
      throw error instanceof BarrierAborted ? this.failure() : error;
    }
    this.wasm = plan.wasm ?? this.wasm;
    this.bound = { problem, plan, xMirror, haadfMirror };
  }

  private get state(): Bound {
    if (!this.bound) throw new Error('CpuBackend: setup() was not called');
    return this.bound;
  }

  /** Runs `command` on every thread (rank 0 here); blocks until all are done. */
  private run(command: number, rank0: () => void): void {
    const pool = this.pool;
    if (!pool) throw new Error('CpuBackend: setup() was not called');
    if (Atomics.load(pool.control, CONTROL.abort) !== 0) throw this.failure();
    if (pool.workers.length > 0) postCommand(pool.control, command);
    try {
      rank0();
    } catch (error) {
      if (error instanceof BarrierAborted) throw this.failure();
      abortAll(pool.control);
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
    return this.summedCosts();
  }

  /** iterate() and costs() at the new iterate in one command (the WebAssembly kernels sum the terms tile by tile). */
  async step(): Promise<CostTerms> {
    const b = this.state;
    if (b.xMirror) b.xMirror.set(b.problem.x);
    if (b.haadfMirror) b.haadfMirror.set(b.problem.haadf);
    this.run(COMMAND.step, () => b.plan.step());
    if (b.xMirror) b.problem.x.set(b.xMirror);
    return this.summedCosts();
  }

  /** The threads' partial cost sums, added. */
  private summedCosts(): CostTerms {
    const sums = this.pool!.sums;
    const terms: CostTerms = { haadf: 0, chem: 0, tv: 0 };
    for (let t = 0; t < this.threads; t++) {
      terms.haadf += sums[3 * t]!;
      terms.chem += sums[3 * t + 1]!;
      terms.tv += sums[3 * t + 2]!;
    }
    return terms;
  }

  /** Stops the worker threads and releases the wasm memories (setup() starts them again). */
  async dispose(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const pool = this.pool;
    this.bound = null;
    this.pool = null;
    this.wasm = null;
    if (!pool || pool.workers.length === 0) return;
    postCommand(pool.control, COMMAND.exit);
    await Promise.all(pool.workers.map((w) => w.terminate()));
  }
}
