// Fusion parameters: their defaults, their meaning, and their validation.

import type { DataTerm } from '../backend/types.js';
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

/** How the iterate starts. */
export type StartMode = 'data' | 'coarse-to-fine';

export interface FusionParams {
  /** γ of the HAADF model Σ a_i x_i^γ, in [1.4, 2] physically (1, 3] accepted. */
  gamma: number;
  /** λ_chem: weight of the elemental-map data term Ψ2. */
  lambdaChem: number;
  /** λ_TV: strength of the TV proximal step. */
  lambdaTV: number;
  /** Outer iterations (the maximum when `tolerance` > 0). */
  iterations: number;
  /** ng: FGP iterations per TV proximal step. */
  tvIterations: number;
  /** ε in Ψ2's log(x + ε) (the reference's "bkg"), in working units. */
  eps: number;
  weighting: Weighting;
  dataTerm: DataTerm;
  normalise: Normalisation;
  /** Stop when ‖x_k − x_{k−1}‖ / ‖x_k‖ < tolerance; 0 runs all iterations. */
  tolerance: number;
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
 * λ_chem 0.05 and λ_TV 0.01 gain on all three and keep stoichiometry within 2 pp in counts mode.
 */
export const DEFAULT_PARAMS: Readonly<FusionParams> = Object.freeze({
  gamma: 1.7,
  lambdaChem: 0.05,
  lambdaTV: 0.01,
  iterations: 60,
  tvIterations: 10,
  eps: 0.01,
  weighting: 'paper',
  dataTerm: 'poisson',
  normalise: 'counts',
  tolerance: 0,
  stepHaadf: null,
  initThreshold: 0,
  start: 'data',
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
  normalise: 'reference',
  initThreshold: 0.2,
  haadfRefitEvery: 0,
  backtrack: false,
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
  if (p.dataTerm !== 'poisson' && p.dataTerm !== 'lsq') problems.push(`data-term must be poisson or lsq (got ${String(p.dataTerm)})`);
  if (p.normalise !== 'counts' && p.normalise !== 'reference') problems.push(`normalise must be counts or reference (got ${String(p.normalise)})`);
  if (p.start !== 'data' && p.start !== 'coarse-to-fine') problems.push(`start must be data or coarse-to-fine (got ${String(p.start)})`);
  if (typeof p.weighting === 'string') {
    if (!WEIGHTING_MODES.includes(p.weighting)) problems.push(`weighting must be paper, tutorial, none or a list of numbers (got ${p.weighting})`);
  } else {
    if (p.weighting.length !== elements) problems.push(`${p.weighting.length} weights given for ${elements} elements`);
    if (p.weighting.some((w) => !Number.isFinite(w) || w <= 0 || w > MAX_WEIGHT)) problems.push(`custom weights must be positive numbers up to ${MAX_WEIGHT}`);
  }
  return problems;
}
