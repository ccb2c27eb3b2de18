// `EL=V,EL=V` lists on the command line (per-element factors: --k-factor Co=1,O=4; --sensitivity Co=1,O=0.25).

import { FACTOR_KINDS, type GivenFactors } from '../compute/kfactors/index.js';
import { isElementSymbol } from '../compute/model/elements.js';
import { single, UsageError, type ParsedArgs } from './args.js';

/** 'Co=1, O=0.25' → { Co: 1, O: 0.25 }; a UsageError naming the flag and the bad entry. */
export function parseElementValues(flag: string, text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const eq = part.indexOf('=');
    const el = eq > 0 ? part.slice(0, eq).trim() : '';
    const v = Number(eq > 0 ? part.slice(eq + 1).trim() : NaN);
    if (!isElementSymbol(el) || !(Number.isFinite(v) && v > 0)) throw new UsageError(`--${flag} takes EL=VALUE pairs with values > 0, as Co=1,O=0.25 (got "${part}")`);
    if (el in out) throw new UsageError(`--${flag} gives ${el} twice`);
    out[el] = v;
  }
  if (Object.keys(out).length === 0) throw new UsageError(`--${flag} takes EL=VALUE pairs, as Co=1,O=0.25`);
  return out;
}

/** The per-element factor flags of `fuse` (at most one kind), and the factors' uncertainty. */
export const FACTOR_OPTIONS = [...FACTOR_KINDS, 'factor-uncertainty'] as const;

/** '10%' → 0.1, '0.1' → 0.1; NaN when not a number ≥ 0 (with or without %). */
function relativeError(text: string): number {
  const t = text.trim();
  const v = Number(t.endsWith('%') ? t.slice(0, -1).trim() : t);
  return t !== '' && t !== '%' && Number.isFinite(v) && v >= 0 ? (t.endsWith('%') ? v / 100 : v) : NaN;
}

/**
 * --factor-uncertainty 10% (every element) or Co=5%,O=10% (per element; a fraction as 0.1 works too): the factors'
 * relative standard uncertainty, which makes them a prior on the HAADF estimate.
 */
export function parseFactorUncertainty(text: string, elements: readonly string[]): Record<string, number> {
  const bad = (part: string) => new UsageError(`--factor-uncertainty takes a relative error (10% or 0.1) or EL=ERROR pairs, as Co=5%,O=10% (got "${part}")`);
  if (!text.includes('=')) {
    const u = relativeError(text);
    if (!Number.isFinite(u)) throw bad(text);
    return Object.fromEntries(elements.map((el) => [el, u]));
  }
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const eq = part.indexOf('=');
    const el = eq > 0 ? part.slice(0, eq).trim() : '';
    const u = relativeError(eq > 0 ? part.slice(eq + 1) : '');
    if (!isElementSymbol(el) || !Number.isFinite(u)) throw bad(part);
    out[el] = u;
  }
  return out;
}

/** The factors given by --k-factor / --zeta-factor / --cross-section / --sensitivity (± --factor-uncertainty), or undefined. */
export function givenFactorsFromArgs(args: ParsedArgs): GivenFactors | undefined {
  const given = FACTOR_KINDS.filter((k) => single(args, k) !== undefined);
  if (given.length > 1) throw new UsageError(`give one kind of factors, not ${given.map((k) => `--${k}`).join(' and ')}`);
  const uncertainty = single(args, 'factor-uncertainty');
  if (given.length === 0) {
    if (uncertainty !== undefined) throw new UsageError('--factor-uncertainty is the uncertainty of given factors: give them too, as --k-factor Ga=1,O=3.3 --factor-uncertainty 10%');
    return undefined;
  }
  const kind = given[0]!;
  const values = parseElementValues(kind, single(args, kind)!);
  return { kind, values, ...(uncertainty !== undefined ? { uncertainty: parseFactorUncertainty(uncertainty, Object.keys(values)) } : {}) };
}
