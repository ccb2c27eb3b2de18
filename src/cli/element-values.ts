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

/** The per-element factor flags of `fuse` (at most one kind). */
export const FACTOR_OPTIONS = FACTOR_KINDS;

/** The factors given by --k-factor / --zeta-factor / --cross-section / --sensitivity, or undefined. */
export function givenFactorsFromArgs(args: ParsedArgs): GivenFactors | undefined {
  const given = FACTOR_KINDS.filter((k) => single(args, k) !== undefined);
  if (given.length > 1) throw new UsageError(`give one kind of factors, not ${given.map((k) => `--${k}`).join(' and ')}`);
  if (given.length === 0) return undefined;
  const kind = given[0]!;
  return { kind, values: parseElementValues(kind, single(args, kind)!) };
}
