// Fusion parameters from command-line options (DESIGN.md §4), starting from a preset.

import { DEFAULT_PARAMS, REFERENCE_TUTORIAL_2, type FusionParams } from '../compute/solve/params.js';
import { DATA_TERM_CHOICES } from '../compute/model/data-terms/index.js';
import type { Weighting } from '../compute/model/weighting.js';
import { numberOption, parseDecimal, single, UsageError, type ParsedArgs } from './args.js';

export const PARAM_OPTIONS = [
  'preset', 'gamma', 'lambda-chem', 'lambda-tv', 'iters', 'tv-iters', 'eps', 'weighting', 'data-term', 'haadf-background', 'pseudo-counts',
  'normalise', 'tolerance', 'start', 'step', 'init-threshold', 'haadf-refit', 'backtrack', 'solver', 'choose-lambda',
] as const;

export const PRESETS: Record<string, Readonly<FusionParams>> = {
  default: DEFAULT_PARAMS,
  reference: REFERENCE_TUTORIAL_2,
};

function weightingOption(value: string): Weighting {
  if (value === 'paper' || value === 'tutorial' || value === 'none') return value;
  const weights = value.split(',').map((s) => parseDecimal(s));
  if (weights.length === 0 || weights.some((w) => w === null)) {
    throw new UsageError(`--weighting must be paper, tutorial, none or comma-separated numbers (got "${value}")`);
  }
  return weights as number[];
}

function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const v = single(args, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be ${allowed.join(' or ')} (got "${v}")`);
  return v as T;
}

/** The parameters the options ask for (not yet validated against the data: see validateParams). */
export function paramsFromArgs(args: ParsedArgs): FusionParams {
  const presetName = single(args, 'preset') ?? 'default';
  const preset = PRESETS[presetName];
  if (!preset) throw new UsageError(`--preset must be ${Object.keys(PRESETS).join(' or ')} (got "${presetName}")`);
  const p: FusionParams = { ...preset };
  const num = (name: string, set: (v: number) => void) => { const v = numberOption(args, name); if (v !== undefined) set(v); };
  num('gamma', (v) => { p.gamma = v; });
  // A λ given explicitly is used as given: the default choice from the data then searches only the other one.
  const drop = (axis: 'tv' | 'chem') => { p.chooseLambda = p.chooseLambda === 'both' ? (axis === 'tv' ? 'chem' : 'tv') : p.chooseLambda === axis ? 'none' : p.chooseLambda; };
  num('lambda-chem', (v) => { p.lambdaChem = v; drop('chem'); });
  num('lambda-tv', (v) => { p.lambdaTV = v; drop('tv'); });
  num('iters', (v) => { p.iterations = v; });
  num('tv-iters', (v) => { p.tvIterations = v; });
  num('eps', (v) => { p.eps = v; });
  num('pseudo-counts', (v) => { p.pseudoCounts = v; });
  num('tolerance', (v) => { p.tolerance = v; });
  num('step', (v) => { p.stepHaadf = v; });
  num('init-threshold', (v) => { p.initThreshold = v; });
  num('haadf-refit', (v) => { p.haadfRefitEvery = v; });
  const weighting = single(args, 'weighting');
  if (weighting !== undefined) p.weighting = weightingOption(weighting);
  p.dataTerm = choice(args, 'data-term', DATA_TERM_CHOICES) ?? p.dataTerm;
  p.haadfBackground = choice(args, 'haadf-background', ['offset', 'ramp', 'quadratic'] as const) ?? p.haadfBackground;
  p.normalise = choice(args, 'normalise', ['counts', 'reference'] as const) ?? p.normalise;
  p.start = choice(args, 'start', ['auto', 'data', 'coarse-to-fine'] as const) ?? p.start;
  p.chooseLambda = choice(args, 'choose-lambda', ['both', 'tv', 'chem', 'none'] as const) ?? p.chooseLambda;
  p.solver = choice(args, 'solver', ['fista', 'plain'] as const) ?? p.solver;
  const backtrack = choice(args, 'backtrack', ['on', 'off'] as const);
  if (backtrack !== undefined) p.backtrack = backtrack === 'on';
  return p;
}
