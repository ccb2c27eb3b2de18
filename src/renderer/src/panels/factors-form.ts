// The Fuse panel's table of per-element factors: what the user typed → the factors fusion.start takes.

import type { FactorKind, GivenFactors } from '../../../compute/kfactors/factors.js';

export type FactorChoice = 'none' | FactorKind;

/** The choices, with what each means (shown as the select's options and help). */
export const FACTOR_CHOICES: readonly { value: FactorChoice; label: string; help: string }[] = [
  { value: 'none', label: 'none (estimate from HAADF)', help: 'No factors: fusem estimates k-ratios from the HAADF where the composition varies, else compositions are map-intensity ratios (not calibrated).' },
  { value: 'k-factor', label: 'Cliff–Lorimer k-factors', help: 'EDX: C_A/C_B = k_AB · I_A/I_B (atoms per count, relative).' },
  { value: 'zeta-factor', label: 'ζ-factors', help: 'EDX: ρt·C_A = ζ_A · I_A / D_e (atoms per count, relative).' },
  { value: 'cross-section', label: 'cross-sections', help: 'EELS: I_A ∝ N_A · σ_A (counts per atom, relative).' },
  { value: 'sensitivity', label: 'sensitivities', help: 'Map counts per atom, relative.' },
];

export type FactorsParse = { ok: true; factors: GivenFactors | null } | { ok: false; problem: string };

/** Largest uncertainty the table takes, percent (the API's 10 as a fraction). */
const MAX_UNCERTAINTY_PERCENT = 1000;

/**
 * `values[el]` as typed; every element needs a number > 0 unless the choice is 'none'. `uncertainties[el]`: the
 * factor's ± in percent, optional (empty = exact); any > 0 makes the factors a prior on the HAADF estimate.
 */
export function parseFactors(choice: FactorChoice, elements: readonly string[], values: Readonly<Record<string, string>>, uncertainties: Readonly<Record<string, string>> = {}): FactorsParse {
  if (choice === 'none') return { ok: true, factors: null };
  const out: Record<string, number> = {};
  const unc: Record<string, number> = {};
  for (const el of elements) {
    const text = (values[el] ?? '').trim();
    const v = Number(text);
    if (text === '' || !Number.isFinite(v) || v <= 0) return { ok: false, problem: `${el}: the ${choice} must be a number > 0${text === '' ? ' (empty)' : ` (got “${text}”)`}` };
    out[el] = v;
    const ut = (uncertainties[el] ?? '').trim().replace(/%$/, '').trim();
    if (ut === '') continue;
    const u = Number(ut);
    if (!Number.isFinite(u) || u < 0 || u > MAX_UNCERTAINTY_PERCENT) return { ok: false, problem: `${el}: the uncertainty must be a percentage from 0 to ${MAX_UNCERTAINTY_PERCENT}, or empty for an exact factor (got “${uncertainties[el]}”)` };
    unc[el] = u / 100;
  }
  return { ok: true, factors: { kind: choice, values: out, ...(Object.keys(unc).length > 0 ? { uncertainty: unc } : {}) } };
}

/** The form's text for stored factors (uncertainties in percent). */
export function factorsToForm(factors: GivenFactors | null | undefined): { choice: FactorChoice; values: Record<string, string>; uncertainties: Record<string, string> } {
  if (!factors) return { choice: 'none', values: {}, uncertainties: {} };
  return {
    choice: factors.kind,
    values: Object.fromEntries(Object.entries(factors.values).map(([el, v]) => [el, String(v)])),
    uncertainties: Object.fromEntries(Object.entries(factors.uncertainty ?? {}).map(([el, u]) => [el, String(+(100 * u).toPrecision(6))])),
  };
}
