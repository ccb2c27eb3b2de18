// The fusion solver (DESIGN.md §1): proximal gradient on Ψ1 + λ_chem Ψ2 with a per-element TV prox,
// from the measured maps, an earlier result (warm start) or a half-resolution solution (coarse-to-fine).

import type { FusionBackend, KernelProblem } from '../backend/types.js';
import { describeWeighting, elementWeights } from '../model/weighting.js';
import { asShared, sharedCopy, sharedFloat32 } from '../util/shared-array.js';
import type { FusionInputs } from './inputs.js';
import type { FusionParams } from './params.js';
import { fromResultUnits, normaliseCounts, normaliseReference, refitHaadf, resultUnits, toResultUnits, type WorkingData } from './normalise.js';
import { downsample2, halfSize, upsample2 } from './resample.js';
import { haadfStep } from './step.js';
import { relativeChange, totalCost, type IterationRecord } from './history.js';

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
  normalisation: { mode: string; mapScale: number[]; mapOffset: number[]; haadfScale: number; haadfOffset: number };
  /** Decisions the solver made that the user should know about. */
  notes: string[];
  history: IterationRecord[];
  iterationsRun: number;
  stoppedBy: 'iterations' | 'tolerance';
  start: 'data' | 'warm' | 'coarse-to-fine';
  backend: string;
  threads: number;
  wallMs: number;
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
  haadf: Float32Array;
  x0: Float32Array;
  iterations: number;
  name: 'coarse' | 'full';
}

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
  const work: WorkingData = params.normalise === 'counts' ? normaliseCounts(inputs, weights, params.gamma) : normaliseReference(inputs);

  let x0: Float32Array;
  let start: FusionResult['start'] = 'data';
  if (options.warmStart) {
    if (options.warmStart.length !== ne) throw new Error(`warm start has ${options.warmStart.length} maps for ${ne} elements`);
    x0 = new Float32Array(n * ne);
    options.warmStart.forEach((m, i) => {
      if (m.length !== n) throw new Error(`warm-start map ${elements[i]} has ${m.length} pixels, expected ${n}`);
      x0.set(fromResultUnits(work, m, i), i * n);
    });
    start = 'warm';
  } else {
    x0 = thresholded(work.maps, params.initThreshold); // x⁰ = b (thresholded as the reference's tutorial)
  }

  const history: IterationRecord[] = [];
  /** One iteration of the backend, then its cost terms; a non-finite cost is divergence. */
  const stepAndMeasure = async (k: number) => {
    await backend.iterate();
    const costs = await backend.costs();
    if (!Number.isFinite(costs.haadf + costs.chem + costs.tv)) throw new FusionDiverged(k);
    return costs;
  };
  const run = async (level: Level): Promise<{ x: Float32Array; iterations: number; stoppedBy: FusionResult['stoppedBy'] }> => {
    const problem: KernelProblem = {
      width: level.width, height: level.height, elements: ne,
      x: asShared(level.x0), maps: asShared(level.maps), haadf: sharedCopy(level.haadf), // x0 is this run's own: iterated in place
      weights, gamma: params.gamma, stepHaadf, lambdaChem: params.lambdaChem, eps: params.eps,
      dataTerm: params.dataTerm, lambdaTV: params.lambdaTV, tvIterations: params.tvIterations,
    };
    await backend.setup(problem);
    const currentMaps = () => elements.map((_, i) => toResultUnits(work, problem.x, i, level.width * level.height));
    const previous = sharedFloat32(problem.x.length);
    let stepScale = 1;
    let lastTotal = Infinity; // F at the previous iterate, for the backtracking check
    for (let k = 1; k <= level.iterations; k++) {
      if (options.signal?.aborted) throw new FusionCancelled({ level: level.name, maps: currentMaps() });
      if (level.name === 'full' && work.mode === 'counts' && params.haadfRefitEvery > 0 && k > 1 && (k - 1) % params.haadfRefitEvery === 0) {
        if (refitHaadf(work, inputs.haadf, problem.x, weights, params.gamma)) {
          problem.haadf.set(work.haadf); // refine s, o from the current iterate: F changes, so restart the descent check
          lastTotal = Infinity;
        }
      }
      previous.set(problem.x);
      let costs = await stepAndMeasure(k);
      let total = totalCost(costs, stepHaadf, params.lambdaChem, params.lambdaTV);
      // Backtracking (Beck & Teboulle 2009, FISTA with backtracking): a step that raises F is undone and retried at half size.
      while (params.backtrack && total > lastTotal + 1e-12 * Math.abs(lastTotal) && stepScale > MIN_STEP_SCALE) {
        stepScale /= 2;
        problem.x.set(previous);
        await backend.setup(scaledProblem(problem, stepScale));
        costs = await stepAndMeasure(k);
        total = totalCost(costs, stepHaadf, params.lambdaChem, params.lambdaTV);
      }
      lastTotal = total;
      const record: IterationRecord = {
        iteration: k, level: level.name, ...costs, total, stepScale,
        change: relativeChange(problem.x, previous),
        elapsedMs: performance.now() - started,
      };
      history.push(record);
      options.onProgress?.({ record, iterations: level.iterations, width: level.width, height: level.height, currentMaps });
      if (params.tolerance > 0 && record.change < params.tolerance) return { x: problem.x, iterations: k, stoppedBy: 'tolerance' };
    }
    return { x: problem.x, iterations: level.iterations, stoppedBy: 'iterations' };
  };

  if (!options.warmStart && params.start === 'coarse-to-fine' && Math.min(width, height) >= MIN_COARSE_SIDE) {
    const coarse = await run({
      width: halfSize(width), height: halfSize(height), name: 'coarse',
      maps: downsample2(work.maps, width, height, ne), haadf: downsample2(work.haadf, width, height, 1),
      x0: downsample2(x0, width, height, ne), iterations: Math.max(1, Math.ceil(params.iterations / 2)),
    });
    x0 = upsample2(coarse.x, width, height, ne);
    start = 'coarse-to-fine';
  }
  const full = await run({ width, height, name: 'full', maps: work.maps, haadf: work.haadf, x0, iterations: params.iterations });

  return {
    elements: [...elements], width, height,
    maps: elements.map((_, i) => toResultUnits(work, full.x, i, n)),
    units: resultUnits(work),
    params: { ...params, stepHaadf },
    weights: Array.from(weights),
    weighting: describeWeighting(params.weighting),
    normalisation: { mode: work.mode, mapScale: work.mapScale, mapOffset: work.mapOffset, haadfScale: work.haadfScale, haadfOffset: work.haadfOffset },
    notes: work.notes,
    history,
    iterationsRun: full.iterations,
    stoppedBy: full.stoppedBy,
    start,
    backend: backend.name,
    threads: backend.threads,
    wallMs: performance.now() - started,
  };
}
