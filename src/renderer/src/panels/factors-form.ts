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

/** `values[el]` as typed; every element needs a number > 0 unless the choice is 'none'. */
export function parseFactors(choice: FactorChoice, elements: readonly string[], values: Readonly<Record<string, string>>): FactorsParse {
  if (choice === 'none') return { ok: true, factors: null };
  const out: Record<string, number> = {};
  for (const el of elements) {
    const text = (values[el] ?? '').trim();
    const v = Number(text);
    if (text === '' || !Number.isFinite(v) || v <= 0) return { ok: false, problem: `${el}: the ${choice} must be a number > 0${text === '' ? ' (empty)' : ` (got “${text}”)`}` };
    out[el] = v;
  }
  return { ok: true, factors: { kind: choice, values: out } };
}

/** The form's text for stored factors. */
export function factorsToForm(factors: GivenFactors | null | undefined): { choice: FactorChoice; values: Record<string, string> } {
  if (!factors) return { choice: 'none', values: {} };
  return { choice: factors.kind, values: Object.fromEntries(Object.entries(factors.values).map(([el, v]) => [el, String(v)])) };
}
