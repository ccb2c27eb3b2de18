// The GPU backend: one outer iteration as a gpu.js pipeline (gpu.createPipeline) of the kernels in
// kernel-sources.ts — gradient step, then ng × (primal z, dual p, dual q, momentum r, s), then the FGP result —
// recorded once and replayed per call with intermediates resident on the device (textures on WebGL2/WebGL,
// storage buffers on WebGPU, one shared memory on gpu.js's WebAssembly backend), one readback per iteration.
// Float32 arithmetic, like the WebAssembly CPU kernels. Cost terms are evaluated on the CPU (cpu/cost-rows.ts).

import { GPU } from 'gpu.js';
import type { IKernelRunShortcut, IPipelineHandle, IPipelineRunShortcut, KernelOutput } from 'gpu.js';
import type { CostTerms, FusionBackend, KernelProblem } from '../types.js';
import { costRows, type CostSums } from '../cpu/cost-rows.js';
import type { GradientInputs } from '../cpu/gradient-step.js';
import { DUAL_P, DUAL_Q, GRADIENT_STEP, MOMENTUM, PRIMAL } from './kernel-sources.js';

/** gpu.js modes this backend accepts: 'gpu' lets gpu.js pick its best GL backend. */
export type GpuMode = 'gpu' | 'webgpu' | 'webgl2' | 'webgl' | 'headlessgl' | 'webasm' | 'cpu';

export interface GpuBackendOptions {
  /** gpu.js mode; default 'gpu'. 'webasm' and 'cpu' run on the CPU (for tests and comparisons). */
  mode?: GpuMode;
  /** Overrides the name (default `gpu:<mode>`), e.g. to record how the backend was chosen. */
  name?: string;
}

interface Bound {
  problem: KernelProblem;
  gpu: GPU;
  pipeline: IPipelineRunShortcut;
  /** Row views (no copies) of x, maps (H·NE rows) and haadf (H rows), and rows of zeros: the 2D kernel inputs. */
  xRows: Float32Array[];
  mapsRows: Float32Array[];
  /** Rows of the per-pixel weights of Ψ2 (ones when the problem has none). */
  mapWeightRows: Float32Array[];
  haadfRows: Float32Array[];
  zeroRows: Float32Array[];
  weights: Float32Array;
  costInputs: GradientInputs;
}

/** The rows of a row-major image stack, as views. */
function rows(a: Float32Array, width: number): Float32Array[] {
  return Array.from({ length: a.length / width }, (_, y) => a.subarray(y * width, (y + 1) * width));
}

/** Copies a pipeline result (rows, or flat) into `out`. */
function copyResult(result: KernelOutput | unknown, out: Float32Array): void {
  if (result instanceof Float32Array) {
    out.set(result.length === out.length ? result : result.subarray(0, out.length));
    return;
  }
  if (Array.isArray(result)) {
    let o = 0;
    for (const row of result as ArrayLike<number>[]) {
      out.set(row, o);
      o += row.length;
    }
    return;
  }
  throw new Error('GpuBackend: unexpected pipeline result');
}

export class GpuBackend implements FusionBackend {
  readonly threads = 1;
  private readonly mode: GpuMode;
  private readonly label: string | undefined;
  private executed: string | null = null;
  private bound: Bound | null = null;

  constructor(options: GpuBackendOptions = {}) {
    this.mode = options.mode ?? 'gpu';
    this.label = options.name;
  }

  /** The given name, else 'gpu:<mode that ran>' once an iteration ran, else 'gpu:<requested mode>'. */
  get name(): string {
    return this.label ?? `gpu:${this.executed ?? this.mode}`;
  }

  /** gpu.js's executor of the pipeline ('fused-threaded', 'fused-sync', 'fused-encoder', 'generic'), once it ran. */
  get executor(): string | null {
    return this.bound && this.executed ? this.bound.pipeline.executorKind : null;
  }

  async setup(problem: KernelProblem): Promise<void> {
    await this.dispose();
    const { width, height, elements } = problem;
    const n = width * height;
    const gpu = new GPU({ mode: this.mode });
    const constants = {
      W: width,
      H: height,
      NE: elements,
      gamma: problem.gamma,
      step: problem.stepHaadf,
      lambdaChem: problem.lambdaChem,
      eps: problem.eps,
      poisson: problem.dataTerm === 'poisson' ? 1 : 0,
      lam: problem.lambdaTV,
      c8: 8 * problem.lambdaTV,
    };
    const settings = { output: [width, height * elements], constants, tactic: 'precision' as const, precision: 'single' as const };
    const kernel = (source: string): IKernelRunShortcut => gpu.createKernel(source, settings);
    const gradient = kernel(GRADIENT_STEP);
    const primal = kernel(PRIMAL);
    const dualP = kernel(DUAL_P);
    const dualQ = kernel(DUAL_Q);
    const momentum = kernel(MOMENTUM);
    const momenta: number[] = [];
    for (let k = 0, t = 1; k < problem.tvIterations; k++) {
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2; // t_{k+1} = (1 + √(1 + 4t_k²)) / 2
      momenta.push((t - 1) / tNext);
      t = tNext;
    }
    const tv = problem.lambdaTV > 0 && problem.tvIterations > 0;
    // Traced once: the loop unrolls into a fixed plan of kernel steps (handles are opaque).
    const pipeline = gpu.createPipeline(function (x: IPipelineHandle, maps: IPipelineHandle, haadf: IPipelineHandle, weights: IPipelineHandle, mapWeights: IPipelineHandle, zero: IPipelineHandle) {
      const b = gradient(x, maps, haadf, weights, mapWeights);
      if (!tv) return b;
      let p = zero, q = zero, r = zero, s = zero, pOld = zero, qOld = zero;
      for (const m of momenta) {
        const z = primal(b, r, s);
        p = dualP(z, r, s);
        q = dualQ(z, r, s);
        r = momentum(p, pOld, m);
        s = momentum(q, qOld, m);
        pOld = p;
        qOld = q;
      }
      return primal(b, p, q);
    });
    this.bound = {
      problem,
      gpu,
      pipeline,
      xRows: rows(problem.x, width),
      mapsRows: rows(problem.maps, width),
      mapWeightRows: rows(problem.mapWeights ?? new Float32Array(elements * n).fill(1), width),
      haadfRows: rows(problem.haadf, width),
      zeroRows: rows(new Float32Array(elements * n), width),
      weights: Float32Array.from(problem.weights),
      costInputs: {
        x: problem.x,
        xBits: new Int32Array(problem.x.buffer, problem.x.byteOffset, problem.x.length),
        maps: problem.maps,
        mapWeights: problem.mapWeights ?? null,
        haadf: problem.haadf,
        weights: Float64Array.from(problem.weights),
        elements,
        pixels: n,
        gamma: problem.gamma,
        stepHaadf: problem.stepHaadf,
        lambdaChem: problem.lambdaChem,
        eps: problem.eps,
        poisson: problem.dataTerm === 'poisson',
      },
    };
  }

  private get state(): Bound {
    if (!this.bound) throw new Error('GpuBackend: setup() was not called');
    return this.bound;
  }

  async iterate(): Promise<void> {
    const b = this.state;
    const { problem } = b;
    const result = await b.pipeline(b.xRows, b.mapsRows, b.haadfRows, b.weights, b.mapWeightRows, b.zeroRows);
    copyResult(result, problem.x);
    this.executed ??= b.pipeline.backend;
  }

  async costs(): Promise<CostTerms> {
    const b = this.state;
    const sums: CostSums = { haadf: 0, chem: 0, tv: 0 };
    costRows(b.costInputs, b.problem.width, b.problem.height, 0, b.problem.height, sums);
    return sums;
  }

  async dispose(): Promise<void> {
    const b = this.bound;
    this.bound = null;
    if (!b) return;
    await b.pipeline.destroy();
    await b.gpu.destroy();
  }
}
