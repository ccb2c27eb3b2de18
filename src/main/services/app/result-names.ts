// A result's human name: what was fused, with which parameters, when ("scan012.emd · λ_TV 0.01, λ_chem 0.05, γ 1.7 · 14:32").

import { DEFAULT_PARAMS, REFERENCE_TUTORIAL_2, type FusionParams } from '../../../compute/solve/params.js';
import { formatSig } from '../../../compute/util/format.js';

/** The CLI's presets by name (`--preset`), as the Fuse panel offers them. */
export const PARAM_PRESETS: Readonly<Record<'default' | 'reference', Readonly<FusionParams>>> = { default: DEFAULT_PARAMS, reference: REFERENCE_TUTORIAL_2 };

/** Which preset `params` are exactly ('custom' when any value differs): read from the values, so the record cannot lie. */
export function presetOf(params: FusionParams): 'default' | 'reference' | 'custom' {
  const same = (p: Readonly<FusionParams>) => (Object.keys(p) as (keyof FusionParams)[]).every((k) => JSON.stringify(p[k]) === JSON.stringify(params[k]));
  return same(DEFAULT_PARAMS) ? 'default' : same(REFERENCE_TUTORIAL_2) ? 'reference' : 'custom';
}

/** The parameters that tell two results of one dataset apart, in a few words. */
export function paramSummary(p: Pick<FusionParams, 'lambdaTV' | 'lambdaChem' | 'gamma'>, preset?: string): string {
  const lambdas = `λ_TV ${formatSig(p.lambdaTV)}, λ_chem ${formatSig(p.lambdaChem)}, γ ${formatSig(p.gamma)}`;
  return preset && preset !== 'custom' ? `${preset}: ${lambdas}` : lambdas;
}

/** The default name of a result of `datasetLabel` fused at `at` (local time of the backend). */
export function resultName(datasetLabel: string, params: Pick<FusionParams, 'lambdaTV' | 'lambdaChem' | 'gamma'>, at: Date, preset?: string): string {
  const hh = String(at.getHours()).padStart(2, '0');
  const mm = String(at.getMinutes()).padStart(2, '0');
  return `${datasetLabel} · ${paramSummary(params, preset)} · ${hh}:${mm}`;
}
