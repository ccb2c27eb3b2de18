// The fusion-parameter form: its fields, one-line help each, and the text the user typed → FusionParams or problems.

import { DATA_TERM_CHOICES } from '../../../compute/model/data-terms/index.js';
import { DEFAULT_PARAMS, validateParams, type FusionParams } from '../../../compute/solve/params.js';

export type FieldKind = 'number' | 'integer' | 'select' | 'checkbox' | 'weights';

export interface FieldSpec {
  key: keyof FusionParams;
  label: string;
  help: string;
  kind: FieldKind;
  options?: readonly string[];
  /** Shown in the basic form (the rest under "Advanced"). */
  basic: boolean;
  step?: number;
}

export const FIELDS: readonly FieldSpec[] = [
  { key: 'gamma', label: 'γ', kind: 'number', basic: true, step: 0.05,
    help: 'HAADF intensity ∝ Σ aᵢ xᵢ^γ; 1.4–2 physically (Z-contrast exponent).' },
  { key: 'lambdaChem', label: 'λ_chem', kind: 'number', basic: true, step: 0.005,
    help: 'Weight of the elemental maps: larger stays closer to the noisy counts.' },
  { key: 'lambdaTV', label: 'λ_TV', kind: 'number', basic: true, step: 0.001,
    help: 'Total-variation smoothing: larger is smoother; try 0.005 at atomic resolution.' },
  { key: 'chooseLambda', label: 'λ from the data', kind: 'select', basic: true, options: ['both', 'tv', 'chem', 'none'],
    help: 'Choose λ_TV and/or λ_chem from the data (held-out counts) before fusing; none uses the values above.' },
  { key: 'iterations', label: 'Iterations', kind: 'integer', basic: true, step: 10,
    help: 'The most outer iterations; the solver stops earlier at the tolerance.' },
  { key: 'weighting', label: 'Weighting', kind: 'weights', basic: true, options: ['paper', 'tutorial', 'none'],
    help: 'HAADF weights aᵢ: paper ∝ Zᵢ^γ, tutorial Zᵢ/mean Z, none 1, or numbers “1, 0.5, …” per element.' },
  { key: 'dataTerm', label: 'Data term', kind: 'select', basic: true, options: DATA_TERM_CHOICES,
    help: 'auto chooses from the maps: Poisson for counts (or scaled counts), least squares with the noise estimated from the map for maps with negatives (background-subtracted EELS).' },
  { key: 'haadfBackground', label: 'HAADF background', kind: 'select', basic: false, options: ['offset', 'ramp', 'quadratic'],
    help: 'The smooth HAADF background fitted with its scale (counts normalisation): a detector ramp or thickness background stays out of the chemistry.' },
  { key: 'normalise', label: 'Normalisation', kind: 'select', basic: true, options: ['counts', 'reference'],
    help: 'counts keeps ratios between elements (stoichiometry); reference min–max scales each map as the authors.' },
  { key: 'tvIterations', label: 'TV iterations', kind: 'integer', basic: false, step: 1,
    help: 'Inner iterations of the TV proximal step (FGP).' },
  { key: 'eps', label: 'ε', kind: 'number', basic: false, step: 0.005,
    help: 'Offset in the Poisson log(x + ε), working units (reference normalisation, or pseudo-counts 0).' },
  { key: 'pseudoCounts', label: 'Pseudo-counts', kind: 'number', basic: false, step: 0.5,
    help: 'Counts normalisation: ε in counts, added to data and model (x − (b+ε) log(x+ε)), so zero-count pixels do not stay dark.' },
  { key: 'tolerance', label: 'Tolerance', kind: 'number', basic: false, step: 0.0001,
    help: 'Stop when the fixed-point residual ‖xₖ − yₖ₋₁‖/‖xₖ‖ falls below; 0 runs every iteration.' },
  { key: 'solver', label: 'Solver', kind: 'select', basic: false, options: ['fista', 'plain'],
    help: 'fista: accelerated with restart (converges to the tolerance); plain: the authors’ loop.' },
  { key: 'start', label: 'Start', kind: 'select', basic: false, options: ['auto', 'data', 'coarse-to-fine'],
    help: 'auto: half resolution first where the HAADF shows a lattice (against spurious atoms), else from the maps.' },
  { key: 'haadfRefitEvery', label: 'HAADF refit', kind: 'integer', basic: false, step: 1,
    help: 'Counts mode: refit the HAADF scale and offset every this many iterations (0 = once).' },
  { key: 'initThreshold', label: 'Init threshold', kind: 'number', basic: false, step: 0.05,
    help: 'Zero the starting maps below this (working units); 0 = off.' },
  { key: 'backtrack', label: 'Backtracking', kind: 'checkbox', basic: false,
    help: 'Halve the step when an iteration would raise the cost.' },
];

/** The form's state: text for numbers (as typed), strings for selects, booleans for checkboxes. */
export type FormValues = Record<string, string | boolean>;

/** Form values showing `p`. */
export function toForm(p: FusionParams): FormValues {
  const v: FormValues = {};
  for (const f of FIELDS) {
    const x = p[f.key];
    if (f.kind === 'checkbox') v[f.key] = Boolean(x);
    else if (f.kind === 'weights') v[f.key] = Array.isArray(x) ? x.join(', ') : String(x);
    else v[f.key] = String(x);
  }
  return v;
}

export type ParseResult =
  | { ok: true; params: FusionParams }
  | { ok: false; fieldErrors: Partial<Record<keyof FusionParams, string>>; problems: string[] };

function parseNumber(text: string): number {
  const t = text.trim().replace(/,/g, '.').replace(/[\u2212\u2013]/g, '-');
  return t === '' ? NaN : Number(t);
}

/** Parse the form on top of `base` (fields the form does not show, e.g. the HAADF step, come from it). */
export function parseForm(values: FormValues, elements: number, base: FusionParams = DEFAULT_PARAMS): ParseResult {
  const fieldErrors: Partial<Record<keyof FusionParams, string>> = {};
  const p = { ...base } as Record<string, unknown>;
  for (const f of FIELDS) {
    const raw = values[f.key];
    if (raw === undefined) continue;
    if (f.kind === 'checkbox') { p[f.key] = Boolean(raw); continue; }
    const text = String(raw);
    if (f.kind === 'select') {
      if (!f.options!.includes(text)) fieldErrors[f.key] = `choose one of ${f.options!.join(', ')}`;
      else p[f.key] = text;
      continue;
    }
    if (f.kind === 'weights') {
      const t = text.trim();
      if (f.options!.includes(t)) { p[f.key] = t; continue; }
      const parts = t.split(/[\s;]+|,\s*/).filter((s) => s !== '');
      const nums = parts.map(parseNumber);
      if (parts.length === 0 || nums.some((n) => !Number.isFinite(n) || n <= 0)) fieldErrors[f.key] = 'paper, tutorial, none, or positive numbers';
      else if (nums.length !== elements) fieldErrors[f.key] = `${nums.length} weights for ${elements} elements`;
      else p[f.key] = nums;
      continue;
    }
    const n = parseNumber(text);
    if (!Number.isFinite(n)) { fieldErrors[f.key] = 'a number'; continue; }
    if (f.kind === 'integer' && !Number.isInteger(n)) { fieldErrors[f.key] = 'a whole number'; continue; }
    p[f.key] = n;
  }
  const params = p as unknown as FusionParams;
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, problems: [] };
  const problems = validateParams(params, elements);
  if (problems.length > 0) {
    // Attach each problem to its field where the sentence names one (validateParams speaks CLI option names).
    const names: Record<string, keyof FusionParams> = {
      gamma: 'gamma', 'lambda-chem': 'lambdaChem', 'lambda-tv': 'lambdaTV', iters: 'iterations', 'tv-iters': 'tvIterations',
      eps: 'eps', tolerance: 'tolerance', 'init-threshold': 'initThreshold', 'haadf-refit': 'haadfRefitEvery', weights: 'weighting',
    };
    for (const problem of problems) {
      const m = /^(?:\d+ )?([a-z-]+)/.exec(problem);
      const key = m ? names[m[1]!] : undefined;
      if (key && !fieldErrors[key]) fieldErrors[key] = problem;
    }
    return { ok: false, fieldErrors, problems };
  }
  return { ok: true, params };
}

export { DEFAULT_PARAMS };
