// The fusion solver (DESIGN.md §1): proximal gradient on Ψ1 + λ_chem Ψ2 with a per-element TV prox,
// from the measured maps, an earlier result (warm start) or a half-resolution solution (coarse-to-fine).

import type { CostTerms, FusionBackend, KernelProblem } from '../backend/types.js';
import { describeWeighting, elementWeights } from '../model/weighting.js';
import { asShared, sharedCopy, sharedFloat32 } from '../util/shared-array.js';
import { minMax } from '../util/stats.js';
import type { FusionInputs } from './inputs.js';
import type { FusionParams } from './params.js';
import { fromResultUnits, normaliseCounts, normaliseReference, refitHaadf, resultUnits, stackToResultUnits, toResultUnits, type WorkingData } from './normalise.js';
import { downsample2, halfSize, upsample2 } from './resample.js';
import { haadfStep } from './step.js';
import { detectLattice } from './lattice-detect.js';
import { kernelLambdaChem, pooledInformation, typicalCurvature } from '../model/data-terms/index.js';
import { totalCost, type IterationRecord } from './history.js';
import { wasmExtrapolate, wasmMomentumSums, type MomentumSums } from '../backend/cpu/wasm-momentum.js';

export interface FusionProgress {
  record: IterationRecord;
  /** Iterations planned at this level. */
  iterations: number;
  /** Size of the current level (half the input's for the coarse level of coarse-to-fine). */
  width: number;
  height: number;
  /** Copies of the current iterate, in result units (for previews). */
  currentMaps: () => Float32Array[];
}

export interface FusionOptions {
  /** The array kernels; the caller owns them (fuse() does not dispose them). In Node, compute/node's createBackend chooses them. */
  backend: FusionBackend;
  /** Start from these maps (result units, e.g. an earlier result of the same dataset). */
  warmStart?: Float32Array[];
  onProgress?: (p: FusionProgress) => void;
  signal?: AbortSignal;
}

export interface FusionResult {
  elements: string[];
  width: number;
  height: number;
  /** Fused maps x_i, in `units`. */
  maps: Float32Array[];
  units: string;
  /** The parameters, with the HAADF step resolved. */
  params: FusionParams & { stepHaadf: number };
  weights: number[];
  weighting: string;
  normalisation: { mode: string; mapScale: number[]; mapOffset: number[]; haadfScale: number; haadfOffset: number; haadfBackground?: string };
  /** The data term used (model/data-terms), why, and each map's information κ_i per working unit. */
  dataTerm?: { name: 'poisson' | 'lsq'; reason: string; information: number[]; /** weighted per pixel by the inputs' variances */ perPixelVariances?: boolean };
  /** The weight the kernels applied to Ψ2: λ_chem·κ/κ_ref in counts mode (model/data-terms/lambda.ts), λ_chem in reference mode. */
  kernelLambdaChem?: number;
  /** The ε the kernels used (working units): pseudo-counts / κ in counts mode with Poisson, else params.eps. */
  kernelEps?: number;
  /** Decisions the solver made that the user should know about. */
  notes: string[];
  history: IterationRecord[];
  iterationsRun: number;
  stoppedBy: 'iterations' | 'tolerance';
  /** The stopping criterion and the value it reached at the last iteration (always set by fuse(); optional for results made elsewhere). */
  convergence?: Convergence;
  start: 'data' | 'warm' | 'coarse-to-fine';
  backend: string;
  threads: number;
  wallMs: number;
}

/** How far the solver got: the criterion it stops on, its tolerance and the value reached. */
export interface Convergence {
  solver: FusionParams['solver'];
  criterion: string;
  /** 0: the fixed iteration count ran (no tolerance). */
  tolerance: number;
  reached: number;
  /** The criterion fell below the tolerance before the iteration limit. */
  converged: boolean;
}

/** Thrown when the iteration blows up (a cost becomes infinite or NaN); nothing partial is returned. */
export class FusionDiverged extends Error {
  override readonly name = 'FusionDiverged';
  constructor(iteration: number) {
    super(`the fusion diverged at iteration ${iteration} (a cost term is no longer finite): lower --lambda-chem or --step`);
  }
}

/** Where a cancelled fusion stood: the iterate (result units) at its level, for a caller that wants to resume. */
export interface CancelledAt {
  level: 'coarse' | 'full';
  maps: Float32Array[];
}

/** Thrown when the AbortSignal fires; no result is returned, only where the iteration stood. */
export class FusionCancelled extends Error {
  override readonly name = 'FusionCancelled';
  constructor(readonly at?: CancelledAt) { super('fusion cancelled'); }
}

interface Level {
  width: number;
  height: number;
  maps: Float32Array;
  /** Per-pixel weights of Ψ2 at this level (WorkingData.mapWeights), or undefined. */
  mapWeights: Float32Array | undefined;
  haadf: Float32Array;
  x0: Float32Array;
  iterations: number;
  name: 'coarse' | 'full';
}

/** The step grows (×2) after this many iterations without backtracking, up to MAX_STEP_SCALE × the set step. */
const GROW_AFTER = 10;
const MAX_STEP_SCALE = 16;

/** Backtracking halves the step at most down to this fraction of the set step. */
const MIN_STEP_SCALE = 1 / 64;

/** The same problem with every step scaled by s: x ← prox_{s·λ_TV·TV}(x − s(τ∇Ψ1 + λ_chem∇Ψ2)) descends the same F. */
function scaledProblem(problem: KernelProblem, s: number): KernelProblem {
  return { ...problem, stepHaadf: problem.stepHaadf * s, lambdaChem: problem.lambdaChem * s, lambdaTV: problem.lambdaTV * s };
}

/** b with values below t set to 0, in one typed pass (shared memory, so the backend's threads can read it). */
function thresholded(b: Float32Array, t: number): Float32Array {
  const out = sharedFloat32(b.length);
  for (let k = 0; k < b.length; k++) {
    const v = b[k]!;
    out[k] = v < t ? 0 : v;
  }
  return out;
}

interface LevelResult {
  x: Float32Array;
  iterations: number;
  stoppedBy: FusionResult['stoppedBy'];
  /** The fixed-point residual ‖x_k − y_{k−1}‖ / ‖x_k‖ at the last iteration (the stopping criterion). */
  residual: number;
}

interface Moved {
  /** ‖x_{k+1} − x_k‖ / ‖x_{k+1}‖ */
  change: number;
  /** ‖x_{k+1} − y_k‖ / ‖x_{k+1}‖: the proximal-gradient residual, 0 exactly at a fixed point (the stopping criterion). */
  residual: number;
  /** The gradient-restart test fired (momentum dropped). */
  restart: boolean;
}

/** ‖a − b‖² over two equally long arrays, and ‖a‖². */
function ratioOf(d: number, s: number): number {
  return s > 0 ? Math.sqrt(d / s) : Math.sqrt(d);
}

/** Σ(x − current)², Σ(x − start)², Σx², −Σ(x − start)(x − current): on the WebAssembly kernels where they run, else here. */
function momentumSums(x: Float32Array, current: Float32Array, start: Float32Array): MomentumSums {
  const sums = wasmMomentumSums(x, current, start);
  if (sums) return sums;
  let d = 0, s = 0, r = 0, dot = 0;
  for (let j = 0; j < x.length; j++) {
    const v = x[j]!, e = v - current[j]!, f = v - start[j]!;
    d += e * e; r += f * f; s += v * v;
    dot -= f * e; // (y_k − x_{k+1})·(x_{k+1} − x_k)
  }
  return { change: d, residual: r, norm: s, dot };
}

/** The plain proximal-gradient loop: x_k ← x_{k+1} (= problem.x), which is also the next start. */
function plainStep(x: Float32Array, current: Float32Array, start: Float32Array): Moved {
  const m = momentumSums(x, current, start);
  current.set(x);
  return { change: ratioOf(m.change, m.norm), residual: ratioOf(m.residual, m.norm), restart: false };
}

/**
 * FISTA's extrapolation with gradient restart (O'Donoghue & Candès 2015, §3.2): x_k ← x_{k+1} (= problem.x) and
 * problem.x ← y_{k+1} = max(0, x_{k+1} + β(x_{k+1} − x_k)), or y_{k+1} = x_{k+1} when (y_k − x_{k+1})·(x_{k+1} − x_k) > 0.
 */
function nextStart(x: Float32Array, current: Float32Array, start: Float32Array, beta: number): Moved {
  const m = momentumSums(x, current, start);
  const restart = m.dot > 0;
  const b = restart ? 0 : beta;
  if (!wasmExtrapolate(x, current, b)) {
    for (let j = 0; j < x.length; j++) {
      const v = x[j]!;
      const y = v + b * (v - current[j]!);
      current[j] = v;
      x[j] = y > 0 ? y : 0;
    }
  }
  return { change: ratioOf(m.change, m.norm), residual: ratioOf(m.residual, m.norm), restart };
}

/** Weights of the 2×2-mean maps: a mean of four pixels has variance ∝ the mean of their σ² = 1/w (the common ¼ left out, as for the maps). */
function coarseWeights(weights: Float32Array, width: number, height: number, ne: number): Float32Array {
  const variance = downsample2(Float32Array.from(weights, (w) => 1 / w), width, height, ne);
  return Float32Array.from(variance, (v) => 1 / v);
}

/** The smallest side for which a coarse-to-fine start still makes sense. */
const MIN_COARSE_SIDE = 16;

/** Fuse a HAADF image with elemental maps. */
export async function fuse(inputs: FusionInputs, params: FusionParams, options: FusionOptions): Promise<FusionResult> {
  const backend = options.backend;
  const started = performance.now();
  const { width, height, elements } = inputs;
  const n = width * height, ne = elements.length;
  const weights = elementWeights(elements, params.weighting, params.gamma);
  const stepHaadf = params.stepHaadf ?? haadfStep(weights, params.gamma);
  const work: WorkingData = params.normalise === 'counts'
    ? normaliseCounts(inputs, weights, params.gamma, params.dataTerm, params.haadfBackground)
    : normaliseReference(inputs, params.dataTerm);
  // counts mode, Poisson: ε = pseudo-counts in working units (params.ts, pseudoCounts); the kernels get b + ε
  const pseudo = work.mode === 'counts' && work.dataTerm.term.name === 'poisson' && params.pseudoCounts > 0;
  const eps = pseudo ? params.pseudoCounts / pooledInformation(work.dataTerm.information) : params.eps;
  const lambdaChem = work.mode === 'counts' ? kernelLambdaChem(params.lambdaChem, work.dataTerm.information) : params.lambdaChem;

  let x0: Float32Array;
  let start: FusionResult['start'] = 'data';
  if (options.warmStart) {
    if (options.warmStart.length !== ne) throw new Error(`warm start has ${options.warmStart.length} maps for ${ne} elements`);
    x0 = sharedFloat32(n * ne);
    options.warmStart.forEach((m, i) => {
      if (m.length !== n) throw new Error(`warm-start map ${elements[i]} has ${m.length} pixels, expected ${n}`);
      x0.set(fromResultUnits(work, m, i), i * n);
    });
    start = 'warm';
  } else {
    // x⁰ = b (thresholded as the reference's tutorial) for Poisson (with pseudo-counts a zero-count
    // pixel is then not pushed down and TV lifts it); for least squares the positive part of the lightly blurred maps,
    // so negative values do not start at x = 0, where the HAADF's pull ∝ x^(γ−1) vanishes. (x⁰ = b + ε was measured
    // worse: on sparse real maps 60 iterations leave a floor of ε in the vacuum, 18× the raw totals there.)
    x0 = work.mode === 'counts' && work.start ? sharedCopy(work.start) : thresholded(work.maps, params.initThreshold);
  }
  // x⁰ taken, the working maps become the kernels' data in place (b + ε with pseudo-counts): one copy of the maps
  if (pseudo) work.dataTerm.term.kernelData(work.maps, eps, work.maps);
  const kernelMaps = work.maps;

  const history: IterationRecord[] = [];
  /** One iteration of the backend, then its cost terms; a non-finite cost is divergence. */
  const stepAndMeasure = async (k: number) => {
    let costs: CostTerms;
    if (backend.step) costs = await backend.step();
    else {
      await backend.iterate();
      costs = await backend.costs();
    }
    if (!Number.isFinite(costs.haadf + costs.chem + costs.tv)) throw new FusionDiverged(k);
    return costs;
  };
  const accelerated = params.solver === 'fista';
  const run = async (level: Level): Promise<LevelResult> => {
    const problem: KernelProblem = {
      width: level.width, height: level.height, elements: ne,
      x: asShared(level.x0), maps: asShared(level.maps), haadf: asShared(level.haadf), // x0 is this run's own: iterated in place; h is work.haadf at full size (a refit rewrites both)
      weights, gamma: params.gamma, stepHaadf, lambdaChem, eps,
      dataTerm: work.dataTerm.term.name, lambdaTV: params.lambdaTV, tvIterations: params.tvIterations,
      ...(level.mapWeights ? { mapWeights: asShared(level.mapWeights) } : {}),
    };
    await backend.setup(problem);
    const levelPixels = level.width * level.height;
    // x_k, the accepted iterate; problem.x holds the point the next step starts from (y_k = x_k for the plain loop).
    const current = level.x0.slice(); // (Float32Array.from walks an iterator: seconds at 4096²)
    const currentMaps = () => elements.map((_, i) => toResultUnits(work, current, i, levelPixels));
    const start = sharedFloat32(problem.x.length); // the point the last step started from
    // a stiff data term (high dose: λ_k ψ'' > 1) starts at a step it is stable with, the same F (counts mode only)
    // (per-pixel weights: the stiffest pixel, λ·max w·ψ'', bounds the stable step)
    const stiffness = work.mode === 'counts' ? lambdaChem * typicalCurvature(work.dataTerm.term, level.maps, eps) * (level.mapWeights ? minMax(level.mapWeights)[1] : 1) : 0;
    const firstScale = params.backtrack && stiffness > 1 ? 1 / stiffness : 1; // backtracking off: exactly the set step
    let stepScale = firstScale;
    if (firstScale < 1) await backend.setup(scaledProblem(problem, firstScale));
    const measureAt = async (): Promise<number> => totalCost(await backend.costs(), stepHaadf, lambdaChem, params.lambdaTV);
    let lastTotal = params.backtrack || accelerated ? await measureAt() : Infinity; // F(x_k)
    let t = 1; // FISTA's t_k (Beck & Teboulle 2009); 1 = no momentum
    let residual = Infinity;
    let sinceBacktrack = 0; // iterations since the step last had to be halved
    for (let k = 1; k <= level.iterations; k++) {
      if (options.signal?.aborted) throw new FusionCancelled({ level: level.name, maps: currentMaps() });
      if (level.name === 'full' && work.mode === 'counts' && params.haadfRefitEvery > 0 && k > 1 && (k - 1) % params.haadfRefitEvery === 0) {
        if (refitHaadf(work, inputs.haadf, current, weights, params.gamma, width, height)) {
          problem.haadf.set(work.haadf); // refine s, o from the current iterate: F changes, so restart the momentum and the descent check
          problem.x.set(current);
          t = 1;
          lastTotal = params.backtrack || accelerated ? await measureAt() : Infinity;
        }
      }
      // A step that can grow: after GROW_AFTER iterations without a rise of F, try twice the step (the set step 1/L
      // assumes x ≤ 1 in working units, where x is often ~0.1, so it is often far too short); backtracking undoes it.
      if (accelerated && params.backtrack && sinceBacktrack >= GROW_AFTER && stepScale * 2 <= firstScale * MAX_STEP_SCALE) {
        stepScale *= 2;
        sinceBacktrack = 0;
        await backend.setup(scaledProblem(problem, stepScale));
      }
      start.set(problem.x);
      let costs = await stepAndMeasure(k);
      let total = totalCost(costs, stepHaadf, lambdaChem, params.lambdaTV);
      let restarted = false;
      // Function-value restart (O'Donoghue & Candès 2015): a momentum step that raises F is redone from x_k without momentum.
      if (accelerated && t > 1 && total > lastTotal + 1e-12 * Math.abs(lastTotal)) {
        t = 1;
        restarted = true;
        start.set(current);
        problem.x.set(current);
        costs = await stepAndMeasure(k);
        total = totalCost(costs, stepHaadf, lambdaChem, params.lambdaTV);
      }
      // Backtracking (Beck & Teboulle 2009, FISTA with backtracking): a step that raises F is undone and retried at half size.
      while (params.backtrack && total > lastTotal + 1e-12 * Math.abs(lastTotal) && stepScale > firstScale * MIN_STEP_SCALE) {
        stepScale /= 2;
        sinceBacktrack = -GROW_AFTER; // wait twice as long before growing again
        problem.x.set(start);
        await backend.setup(scaledProblem(problem, stepScale));
        costs = await stepAndMeasure(k);
        total = totalCost(costs, stepHaadf, lambdaChem, params.lambdaTV);
      }
      lastTotal = total;
      sinceBacktrack++;
      // x_{k+1} = problem.x; the next start y_{k+1} = x_{k+1} + (t_k − 1)/t_{k+1} (x_{k+1} − x_k), gradient restart when
      // (y_k − x_{k+1})·(x_{k+1} − x_k) > 0 (O'Donoghue & Candès 2015, eq. 12).
      const tNext = accelerated ? (1 + Math.sqrt(1 + 4 * t * t)) / 2 : 1;
      const moved = accelerated ? nextStart(problem.x, current, start, (t - 1) / tNext) : plainStep(problem.x, current, start);
      if (moved.restart) restarted = true;
      t = moved.restart ? 1 : tNext;
      residual = moved.residual / stepScale; // per unit step, so a step halved by backtracking does not fake convergence
      const record: IterationRecord = {
        iteration: k, level: level.name, ...costs, total, stepScale,
        change: moved.change, residual, restarted,
        elapsedMs: performance.now() - started,
      };
      history.push(record);
      options.onProgress?.({ record, iterations: level.iterations, width: level.width, height: level.height, currentMaps });
      if (params.tolerance > 0 && residual < params.tolerance) return { x: current, iterations: k, stoppedBy: 'tolerance', residual };
    }
    return { x: current, iterations: level.iterations, stoppedBy: 'iterations', residual };
  };

  let coarseToFine = params.start === 'coarse-to-fine';
  if (params.start === 'auto' && !options.warmStart) { // the paper's remedy for spurious atoms, where there are atoms
    const verdict = detectLattice(inputs.haadf, width, height);
    coarseToFine = verdict.lattice;
    if (verdict.lattice) work.notes.push(`the HAADF shows a crystal lattice (Bragg peaks ${Math.round(verdict.peakRatio)}× their ring's median power, period ${verdict.period.toFixed(1)} px): started coarse-to-fine (half resolution first) against spurious atoms; --start data overrides`);
  }
  if (!options.warmStart && coarseToFine && Math.min(width, height) >= MIN_COARSE_SIDE) {
    const coarse = await run({
      width: halfSize(width), height: halfSize(height), name: 'coarse',
      maps: downsample2(kernelMaps, width, height, ne), mapWeights: work.mapWeights ? coarseWeights(work.mapWeights, width, height, ne) : undefined,
      haadf: downsample2(work.haadf, width, height, 1),
      x0: downsample2(x0, width, height, ne), iterations: Math.max(1, Math.ceil(params.iterations / 2)),
    });
    x0 = upsample2(coarse.x, width, height, ne);
    start = 'coarse-to-fine';
  }
  const full = await run({ width, height, name: 'full', maps: kernelMaps, mapWeights: work.mapWeights, haadf: work.haadf, x0, iterations: params.iterations });
  const convergence: Convergence = {
    solver: params.solver,
    criterion: 'relative proximal-gradient residual ‖x_k − y_{k−1}‖ / (s_k ‖x_k‖), s_k the step fraction',
    tolerance: params.tolerance,
    reached: full.residual,
    converged: full.stoppedBy === 'tolerance',
  };

  return {
    elements: [...elements], width, height,
    maps: stackToResultUnits(work, full.x, ne, n), // the last iterate itself, scaled in place (no second copy of the maps)
    units: resultUnits(work),
    params: { ...params, stepHaadf },
    weights: Array.from(weights),
    weighting: describeWeighting(params.weighting),
    normalisation: {
      mode: work.mode, mapScale: work.mapScale, mapOffset: work.mapOffset, haadfScale: work.haadfScale, haadfOffset: work.haadfOffset,
      haadfBackground: work.mode === 'counts' ? work.backgroundKind : 'none (min–max)',
    },
    dataTerm: { name: work.dataTerm.term.name, reason: work.dataTerm.reason, information: work.dataTerm.information, ...(work.mapWeights ? { perPixelVariances: true } : {}) },
    kernelLambdaChem: lambdaChem,
    kernelEps: eps,
    notes: work.notes,
    history,
    iterationsRun: full.iterations,
    stoppedBy: full.stoppedBy,
    convergence,
    start,
    backend: backend.name,
    threads: backend.threads,
    wallMs: performance.now() - started,
  };
}
