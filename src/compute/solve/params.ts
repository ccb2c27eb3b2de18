// Fusion parameters: their defaults, their meaning, and their validation.

import type { DataTermChoice } from '../model/data-terms/index.js';
import type { HaadfBackground } from '../model/haadf-fit.js';
import { HAADF_BACKGROUNDS } from '../model/haadf-fit.js';
import type { Weighting } from '../model/weighting.js';
import { WEIGHTING_MODES } from '../model/weighting.js';

/**
 * How inputs are brought to the solver's working units (solve/normalise.ts):
 * - `counts`: all maps divided by ONE common scale (ratios between elements, i.e. stoichiometry, survive),
 *   the HAADF's scale and offset relative to Σ a_i x_i^γ estimated; results returned in the maps' units.
 * - `reference`: every map and the HAADF min–max normalised to [0, 1] independently, as the authors' code;
 *   results in those normalised units.
 */
export type Normalisation = 'counts' | 'reference';

/**
 * The outer loop: 'fista' — accelerated proximal gradient (Beck & Teboulle 2009) with function-value and gradient
 * restart (O'Donoghue & Candès 2015); 'plain' — the reference's proximal-gradient loop without momentum.
 */
export type SolverKind = 'fista' | 'plain';

/**
 * Which λ are chosen from the data before fusing (autoparams/default-fusion.ts): both (the default), only λ_TV, only
 * λ_chem (the other as given), or none (the given values, as --preset reference and explicit --lambda-* do).
 */
export type LambdaChoice = 'both' | 'tv' | 'chem' | 'none';

/** How the iterate starts; 'auto': coarse-to-fine where the HAADF shows a crystal lattice (solve/lattice-detect.ts), else the data. */
export type StartMode = 'auto' | 'data' | 'coarse-to-fine';

export interface FusionParams {
  /** γ of the HAADF model Σ a_i x_i^γ, in [1.4, 2] physically (1, 3] accepted. */
  gamma: number;
  /**
   * λ_chem: weight of the elemental-map data term Ψ2. In counts mode it is unit-free (model/data-terms/lambda.ts): the
   * maps' negative log-likelihood weighs λ_chem·κ/κ_ref, κ their information per working unit; in reference mode it is
   * the kernel weight itself, as in the authors' code.
   */
  lambdaChem: number;
  /** λ_TV: strength of the TV proximal step. */
  lambdaTV: number;
  /** Which of λ_TV and λ_chem are chosen from the data (the given values are where the search starts). */
  chooseLambda: LambdaChoice;
  /** Outer iterations (the maximum when `tolerance` > 0). */
  iterations: number;
  /** ng: FGP iterations per TV proximal step. */
  tvIterations: number;
  /** ε in Ψ2's log(x + ε) (the reference's "bkg"), in working units. */
  eps: number;
  weighting: Weighting;
  /** Ψ2's model: `auto` chooses from the data (counts → Poisson, negatives → least squares; model/data-terms/choose.ts). */
  dataTerm: DataTermChoice;
  /** Counts mode: the smooth HAADF background fitted with its scale (offset, or offset plus a linear ramp, …). */
  haadfBackground: HaadfBackground;
  normalise: Normalisation;
  /** Stop when the fixed-point residual ‖x_k − y_{k−1}‖ / ‖x_k‖ < tolerance; 0 runs all iterations. */
  tolerance: number;
  solver: SolverKind;
  /** Step on Ψ1; null means 1/L with L = γ² Σ a_i² (see solve/step.ts). The reference uses 1/n_e. */
  stepHaadf: number | null;
  /** Initial-iterate values below this (working units) set to 0, as the reference's tutorial 2 does with 0.2; 0 = off. */
  initThreshold: number;
  /** x⁰ = b, or solve at half resolution first, upsample and continue (the paper's remedy for spurious atoms). */
  start: StartMode;
  /** Halve the step when an iteration would raise the total cost F (off reproduces the reference exactly). */
  backtrack: boolean;
  /** Counts mode: re-estimate the HAADF scale and offset from the current iterate every this many iterations (0 = only at the start). */
  haadfRefitEvery: number;
}

/**
 * Defaults, chosen by a λ scan on the three phantoms at chemical SNR 2.5 (README, "Choosing the defaults"):
 * λ_TV 0.01 and a kernel weight of about 0.05 gain on all three and keep stoichiometry within 2 pp in counts mode;
 * with the unit-free λ_chem (model/data-terms/lambda.ts) that weight is λ_chem 0.03 at those phantoms' information
 * (κ ≈ 14–18), and 0.03 kept every element above raw at SNR 6 and 12 too.
 */
export const DEFAULT_PARAMS: Readonly<FusionParams> = Object.freeze({
  gamma: 1.7,
  lambdaChem: 0.03,
  lambdaTV: 0.01,
  chooseLambda: 'both',
  iterations: 1000,
  tvIterations: 10,
  eps: 0.01,
  weighting: 'paper',
  dataTerm: 'auto',
  haadfBackground: 'ramp',
  normalise: 'counts',
  tolerance: 1e-5,
  solver: 'fista',
  stepHaadf: null,
  initThreshold: 0,
  start: 'auto',
  haadfRefitEvery: 5,
  backtrack: true,
});

/** The authors' parameters for the Co3O4–Mn3O4 EELS dataset (their tutorial 2). */
export const REFERENCE_TUTORIAL_2: Readonly<FusionParams> = Object.freeze({
  ...DEFAULT_PARAMS,
  gamma: 1.6,
  lambdaChem: 0.006,
  lambdaTV: 0.022,
  iterations: 30,
  tvIterations: 6,
  eps: 0.01,
  weighting: 'tutorial',
  dataTerm: 'poisson',
  haadfBackground: 'offset',
  normalise: 'reference',
  initThreshold: 0.2,
  haadfRefitEvery: 0,
  backtrack: false,
  solver: 'plain',
  tolerance: 0,
  start: 'data',
  chooseLambda: 'none',
  stepHaadf: 1 / 3, // λ_HAADF = 1/n_e for its three elements
});

/** Problems with the parameters, one sentence each; empty when they are valid. */
export function validateParams(p: FusionParams, elements: number): string[] {
  const problems: string[] = [];
  const finite = (name: string, v: number) => {
    if (!Number.isFinite(v)) problems.push(`${name} must be a finite number (got ${v})`);
    return Number.isFinite(v);
  };
  if (finite('gamma', p.gamma) && (p.gamma <= 1 || p.gamma > 3)) problems.push(`gamma must be in (1, 3], physically 1.4–2 (got ${p.gamma})`);
  if (finite('lambda-chem', p.lambdaChem) && p.lambdaChem < 0) problems.push(`lambda-chem must be ≥ 0 (got ${p.lambdaChem})`);
  if (finite('lambda-tv', p.lambdaTV) && p.lambdaTV < 0) problems.push(`lambda-tv must be ≥ 0 (got ${p.lambdaTV})`);
  if (!Number.isInteger(p.iterations) || p.iterations < 1 || p.iterations > 100000) problems.push(`iters must be an integer from 1 to 100000 (got ${p.iterations})`);
  if (!Number.isInteger(p.tvIterations) || p.tvIterations < 0 || p.tvIterations > 10000) problems.push(`tv-iters must be an integer from 0 to 10000 (got ${p.tvIterations})`);
  if (finite('eps', p.eps) && p.eps <= 0) problems.push(`eps must be > 0 (got ${p.eps})`);
  if (finite('tolerance', p.tolerance) && p.tolerance < 0) problems.push(`tolerance must be ≥ 0 (got ${p.tolerance})`);
  if (p.stepHaadf !== null && finite('step', p.stepHaadf) && p.stepHaadf <= 0) problems.push(`the HAADF step must be > 0 (got ${p.stepHaadf})`);
  if (finite('init-threshold', p.initThreshold) && p.initThreshold < 0) problems.push(`init-threshold must be ≥ 0 (got ${p.initThreshold})`);
  if (!Number.isInteger(p.haadfRefitEvery) || p.haadfRefitEvery < 0) problems.push(`haadf-refit must be a non-negative integer (got ${p.haadfRefitEvery})`);
  if (p.dataTerm !== 'auto' && p.dataTerm !== 'poisson' && p.dataTerm !== 'lsq') problems.push(`data-term must be auto, poisson or lsq (got ${String(p.dataTerm)})`);
  if (!HAADF_BACKGROUNDS.includes(p.haadfBackground)) problems.push(`haadf-background must be ${HAADF_BACKGROUNDS.join(', ')} (got ${String(p.haadfBackground)})`);
  if (p.normalise !== 'counts' && p.normalise !== 'reference') problems.push(`normalise must be counts or reference (got ${String(p.normalise)})`);
  if (!['both', 'tv', 'chem', 'none'].includes(p.chooseLambda)) problems.push(`choose-lambda must be both, tv, chem or none (got ${String(p.chooseLambda)})`);
  if (p.solver !== 'fista' && p.solver !== 'plain') problems.push(`solver must be fista or plain (got ${String(p.solver)})`);
  if (p.start !== 'auto' && p.start !== 'data' && p.start !== 'coarse-to-fine') problems.push(`start must be auto, data or coarse-to-fine (got ${String(p.start)})`);
  if (typeof p.weighting === 'string') {
    if (!WEIGHTING_MODES.includes(p.weighting)) problems.push(`weighting must be paper, tutorial, none or a list of numbers (got ${p.weighting})`);
  } else {
    if (p.weighting.length !== elements) problems.push(`${p.weighting.length} weights given for ${elements} elements`);
    if (p.weighting.some((w) => !Number.isFinite(w) || w <= 0)) problems.push('custom weights must be positive numbers');
  }
  return problems;
}
