// Fusion parameters: their defaults, their meaning, and their validation.

import { DATA_TERM_CHOICES, type DataTermChoice } from '../model/data-terms/index.js';
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
  /** ε in Ψ2's log(x + ε) (the reference's "bkg"), in working units; in counts mode with pseudoCounts > 0 it is replaced. */
  eps: number;
  /**
   * Counts mode, Poisson term: ε as pseudo-counts added to data and model, ψ = x − (b + ε) log(x + ε) with
   * ε = pseudoCounts / κ (κ counts per working unit): unbiased (minimised at x = b), and a zero-count pixel is not pushed
   * to x = 0, where the HAADF's pull ∝ x^(γ−1) vanishes and it would stay dark. 0 = the authors' form with `eps`.
   */
  pseudoCounts: number;
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
  pseudoCounts: 1,
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
  pseudoCounts: 0,
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

/**
 * The one range table for every numeric fusion parameter, shared by the command line (cli/params-from-args.ts), the
 * API (shared/api/schemas/common.ts) and the stored project parameters. Values are in the solver's working units
 * (the maps scaled to about 1), so beyond these bounds a fusion is flat, all zero or overflows: they are refused.
 * `min`/`max` inclusive unless `above` (the value must exceed `min`).
 */
export const PARAM_BOUNDS = {
  gamma: { option: 'gamma', min: 1, above: true, max: 3, note: ', physically 1.4–2' },
  lambdaChem: { option: 'lambda-chem', min: 0, max: 1e4 },
  lambdaTV: { option: 'lambda-tv', min: 0, max: 100 },
  iterations: { option: 'iters', min: 1, max: 100000, integer: true },
  tvIterations: { option: 'tv-iters', min: 0, max: 10000, integer: true },
  eps: { option: 'eps', min: 0, above: true, max: 100 },
  tolerance: { option: 'tolerance', min: 0, max: 0.5 },
  stepHaadf: { option: 'step', min: 0, above: true, max: 100 },
  initThreshold: { option: 'init-threshold', min: 0, max: 100 },
  haadfRefitEvery: { option: 'haadf-refit', min: 0, max: 100000, integer: true },
} as const satisfies Record<string, ParamBound>;

export interface ParamBound { option: string; min: number; max: number; above?: boolean; integer?: boolean; note?: string }

/** A custom HAADF weight a_i must lie in (0, MAX_WEIGHT]. */
export const MAX_WEIGHT = 1e6;

/** The problem with `v` against `bound`, or null when it is in range. */
export function boundProblem(bound: ParamBound, v: number): string | null {
  const { option, min, max, above, integer, note } = bound;
  if (!Number.isFinite(v)) return `${option} must be a finite number (got ${v})`;
  const ok = (integer ? Number.isInteger(v) : true) && (above ? v > min : v >= min) && v <= max;
  if (ok) return null;
  if (integer) return `${option} must be an integer from ${min} to ${max} (got ${v})`;
  if (note !== undefined) return `${option} must be in ${above ? '(' : '['}${min}, ${max}]${note} (got ${v})`;
  return v > max ? `${option} must be ≤ ${max} (got ${v})` : `${option} must be ${above ? '>' : '≥'} ${min} (got ${v})`;
}

/** Most threads a fusion may ask for on a machine with `cores` cores (more only thrash and exhaust memory). */
export const maxThreads = (cores: number): number => Math.max(1, Math.floor(cores)) * 2;

/** The problem with a thread count, or null. */
export function threadsProblem(threads: number, cores: number): string | null {
  return boundProblem({ option: 'threads', min: 1, max: maxThreads(cores), integer: true }, threads);
}

/** Problems with the parameters, one sentence each; empty when they are valid. */
export function validateParams(p: FusionParams, elements: number): string[] {
  const problems: string[] = [];
  for (const [key, bound] of Object.entries(PARAM_BOUNDS) as [keyof typeof PARAM_BOUNDS, ParamBound][]) {
    const v = p[key];
    if (v === null) continue; // stepHaadf: the default step
    const problem = boundProblem(bound, v);
    if (problem) problems.push(problem);
  }
  if (!(Number.isFinite(p.pseudoCounts) && p.pseudoCounts >= 0)) problems.push(`pseudo-counts must be a finite number ≥ 0 (got ${p.pseudoCounts})`);
  if (!(DATA_TERM_CHOICES as readonly string[]).includes(p.dataTerm)) problems.push(`data-term must be ${DATA_TERM_CHOICES.join(', ')} (got ${String(p.dataTerm)})`);
  if (!HAADF_BACKGROUNDS.includes(p.haadfBackground)) problems.push(`haadf-background must be ${HAADF_BACKGROUNDS.join(', ')} (got ${String(p.haadfBackground)})`);
  if (p.normalise !== 'counts' && p.normalise !== 'reference') problems.push(`normalise must be counts or reference (got ${String(p.normalise)})`);
  if (!['both', 'tv', 'chem', 'none'].includes(p.chooseLambda)) problems.push(`choose-lambda must be both, tv, chem or none (got ${String(p.chooseLambda)})`);
  if (p.solver !== 'fista' && p.solver !== 'plain') problems.push(`solver must be fista or plain (got ${String(p.solver)})`);
  if (p.start !== 'auto' && p.start !== 'data' && p.start !== 'coarse-to-fine') problems.push(`start must be auto, data or coarse-to-fine (got ${String(p.start)})`);
  if (typeof p.weighting === 'string') {
    if (!WEIGHTING_MODES.includes(p.weighting)) problems.push(`weighting must be paper, tutorial, none or a list of numbers (got ${p.weighting})`);
  } else {
    if (p.weighting.length !== elements) problems.push(`${p.weighting.length} weights given for ${elements} elements`);
    if (p.weighting.some((w) => !Number.isFinite(w) || w <= 0 || w > MAX_WEIGHT)) problems.push(`custom weights must be positive numbers up to ${MAX_WEIGHT}`);
  }
  return problems;
}
