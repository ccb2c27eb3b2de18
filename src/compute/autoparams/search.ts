// Automatic λ_TV and λ_chem: cross-validate every pair of a coarse log grid on the data itself and keep the best.
//
// Count maps (non-negative integers): Poisson thinning. Each map is split b = b₁ + b₂, b₁ ~ Binomial(b, ½); b₁ and b₂
// are independent Poisson with half the mean. Fuse (HAADF, b₁), score b₂ against the fused map, and the other way
// round (two folds per split). The score is the squared error against b₂ by default (E(x̂ − b₂)² = (x̂ − μ/2)² + μ/2,
// so it ranks λ by squared error against the truth, i.e. NRMSE); the Poisson NLL Σ (x̂ − b₂ log x̂) is the
// option `score: 'poisson'` and is recorded in the curve either way. The HAADF is not split: both folds see the full-dose HAADF, whose noise
// is independent of the held-out counts, so the score is not biased by it — but each half problem has half the
// chemical dose against an unchanged HAADF. In the solver's counts mode the maps are divided by a data-derived scale
// c (∝ dose), and the properly weighted Poisson term is c·Ψ2(working units), so the half problem's λ_chem equivalent
// to λ_chem on the full data is λ_chem/2 (λ_TV unchanged). The search therefore fuses each half with
// λ_chem × `halfDoseFactor` (default ½) and reports the curve in full-data λ.
//
// Other maps (e.g. background-subtracted EELS): checkerboard pixel split (see checkerboard.ts), scored by the
// relative squared error on the held-out pixels, the two colours as the two folds.

import type { FusionBackend } from '../backend/types.js';
import { createRng } from '../simulate/random.js';
import { fuse } from '../solve/fuse.js';
import type { FusionInputs } from '../solve/inputs.js';
import type { FusionParams } from '../solve/params.js';
import { checkerboardMask, fillHeldOut } from './checkerboard.js';
import { heldOutSquaredError, poissonScore } from './score.js';
import { isCountData, thinMaps } from './thinning.js';

export type AutoMethod = 'thinning' | 'checkerboard' | 'fission';

export const DEFAULT_LAMBDA_TV_GRID: readonly number[] = Object.freeze([0.002, 0.005, 0.01, 0.02, 0.05]);
export const DEFAULT_LAMBDA_CHEM_GRID: readonly number[] = Object.freeze([0.01, 0.03, 0.1, 0.3]);

export interface AutoParamsOptions {
  lambdaTV?: readonly number[];
  lambdaChem?: readonly number[];
  /** 'auto' (default): thinning for count maps, checkerboard otherwise. */
  method?: 'thinning' | 'checkerboard' | 'auto';
  /** Independent random thinnings, each scored in both directions (default 1; checkerboard always has one). */
  splits?: number;
  /** Seed of the thinning (default 1). */
  seed?: number;
  /** Multiply λ_chem by this when fusing a half (thinning only; default ½, see above). */
  halfDoseFactor?: number;
  /**
   * Held-out score for count maps: relative squared error against the held-out half (default; its expectation is the
   * squared error against the half-dose truth plus a constant, so it targets NRMSE) or the Poisson NLL (weights errors
   * by 1/μ, i.e. favours low-count background; measured to miss the NRMSE optimum on core–shell at chemical SNR 2).
   */
  score?: 'poisson' | 'squared';
  /** Iterations of each validation fusion (default: the base parameters'). */
  iterations?: number;
  /** Array kernels (the caller owns them). */
  backend: FusionBackend;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ValidationPoint {
  lambdaTV: number;
  lambdaChem: number;
  /** Mean held-out score over folds, the one minimised (see AutoParamsResult.score); lower is better. */
  score: number;
  /** Thinning only: mean held-out Poisson NLL per pixel, Σ_i (x̂ − b₂ log x̂), whichever score was minimised. */
  poissonNll?: number;
}

export interface AutoParamsResult {
  /** The base parameters with the chosen λ_TV and λ_chem. */
  params: FusionParams;
  curve: ValidationPoint[];
  method: AutoMethod;
  /** What `score` is: relative squared error of held-out data (default) or held-out Poisson NLL. */
  score: 'squared' | 'poisson';
  /** Fusions per grid point. */
  folds: number;
  notes: string[];
  wallMs: number;
}

function checkGrid(name: string, grid: readonly number[]): void {
  if (grid.length === 0 || grid.some((v) => !(Number.isFinite(v) && v >= 0))) throw new RangeError(`${name} grid must be a non-empty list of numbers ≥ 0`);
}

/** Choose λ_TV and λ_chem for `inputs` by cross-validation over a grid; every other parameter is kept from `base`. */
export async function autoParams(inputs: FusionInputs, base: FusionParams, options: AutoParamsOptions): Promise<AutoParamsResult> {
  const started = performance.now();
  const tvGrid = options.lambdaTV ?? DEFAULT_LAMBDA_TV_GRID;
  const chemGrid = options.lambdaChem ?? DEFAULT_LAMBDA_CHEM_GRID;
  checkGrid('λ_TV', tvGrid);
  checkGrid('λ_chem', chemGrid);
  const counts = isCountData(inputs.maps);
  const method: AutoMethod = options.method === undefined || options.method === 'auto' ? (counts ? 'thinning' : 'checkerboard') : options.method;
  if (method === 'thinning' && !counts) throw new RangeError('thinning needs count maps (non-negative integers); use the checkerboard split');
  const splits = method === 'thinning' ? (options.splits ?? 1) : 1;
  if (!(Number.isInteger(splits) && splits >= 1)) throw new RangeError(`splits must be a positive integer, got ${splits}`);
  const halfDoseFactor = options.halfDoseFactor ?? (base.normalise === 'counts' ? 1 : 0.5); // counts mode: λ_chem is unit-free (model/data-terms/lambda.ts), the half's weight halves by itself
  const { width, height } = inputs;
  const notes: string[] = [];

  // The folds: training inputs, the chemistry-weight factor, and how to score a fused result.
  // Scores of a fused result: [the chosen score, the Poisson NLL (thinning only)].
  interface Fold { train: FusionInputs; chemFactor: number; score: (maps: Float32Array[]) => [number, number] }
  const folds: Fold[] = [];
  const scoreKind = method === 'thinning' ? (options.score ?? 'squared') : 'squared';
  if (method === 'thinning') {
    const all = new Uint8Array(width * height).fill(1);
    const scoreOf = (held: Float32Array[]) => (m: Float32Array[]): [number, number] => {
      const nll = poissonScore(m, held);
      return [scoreKind === 'poisson' ? nll : heldOutSquaredError(m, held, all), nll];
    };
    for (let s = 0; s < splits; s++) {
      const [b1, b2] = thinMaps(inputs.maps, createRng(options.seed ?? 1, 0x7417 + s));
      folds.push({ train: { ...inputs, maps: b1 }, chemFactor: halfDoseFactor, score: scoreOf(b2) });
      folds.push({ train: { ...inputs, maps: b2 }, chemFactor: halfDoseFactor, score: scoreOf(b1) });
    }
    notes.push(`λ chosen by Poisson thinning (${splits} split${splits > 1 ? 's' : ''} × 2 folds): each half fused with λ_chem × ${halfDoseFactor} against the full HAADF and scored by the ${scoreKind === 'poisson' ? 'Poisson negative log-likelihood' : 'relative squared error'} of the other half`);
  } else {
    for (const parity of [0, 1] as const) {
      const held = checkerboardMask(width, height, parity);
      const train = inputs.maps.map((m) => fillHeldOut(m, width, height, held));
      folds.push({ train: { ...inputs, maps: train }, chemFactor: 1, score: (m) => [heldOutSquaredError(m, inputs.maps, held), NaN] });
    }
    notes.push('λ chosen by checkerboard cross-validation (maps are not raw counts): held-out pixels interpolated from their neighbours for fusion, scored by relative squared error against their measured values');
  }

  const backend = options.backend;
  const curve: ValidationPoint[] = [];
  const total = tvGrid.length * chemGrid.length * folds.length;
  let done = 0;
  for (const lambdaTV of tvGrid) {
    for (const lambdaChem of chemGrid) {
      let sum = 0, nllSum = 0;
      for (const fold of folds) {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
        const p: FusionParams = { ...base, lambdaTV, lambdaChem: lambdaChem * fold.chemFactor, iterations: options.iterations ?? base.iterations };
        let score: [number, number];
        try {
          const r = await fuse(fold.train, p, { backend, signal: options.signal });
          score = fold.score(r.maps);
        } catch (e) {
          if ((e as Error).name !== 'FusionDiverged') throw e;
          score = [Infinity, Infinity];
        }
        sum += score[0];
        nllSum += score[1];
        options.onProgress?.(++done, total);
      }
      const point: ValidationPoint = { lambdaTV, lambdaChem, score: sum / folds.length };
      if (method === 'thinning') point.poissonNll = nllSum / folds.length;
      curve.push(point);
    }
  }
  let best = curve[0]!;
  for (const c of curve) if (c.score < best.score) best = c;
  if (!Number.isFinite(best.score)) throw new Error('every validation fusion diverged: lower the λ_chem grid');
  const onEdge = (grid: readonly number[], v: number) => grid.length > 1 && (v === Math.min(...grid) || v === Math.max(...grid));
  if (onEdge(tvGrid, best.lambdaTV) || onEdge(chemGrid, best.lambdaChem)) notes.push(`the chosen λ (λ_TV ${best.lambdaTV}, λ_chem ${best.lambdaChem}) lies on the edge of the search grid; the optimum may lie beyond it`);
  return {
    params: { ...base, lambdaTV: best.lambdaTV, lambdaChem: best.lambdaChem },
    curve, method, score: scoreKind, folds: folds.length, notes, wallMs: performance.now() - started,
  };
}
