// Fusion parameters as a project stores them: checked field by field against DEFAULT_PARAMS's types, fields a
// newer fusem of the same project format does not know kept as they are, fields an older fusem did not write
// taken from the defaults, then checked by the solver's own validateParams.

import { DEFAULT_PARAMS, validateParams, type FusionParams } from '../../../compute/solve/params.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeProblem(key: string, value: unknown, def: unknown): string | null {
  if (key === 'weighting') {
    if (typeof value === 'string') return null;
    if (Array.isArray(value) && value.every((w) => typeof w === 'number')) return null;
    return 'must be a weighting name or a list of numbers';
  }
  if (key === 'stepHaadf') return value === null || typeof value === 'number' ? null : 'must be a number or null';
  if (def === null || def === undefined) return null;
  return typeof value === typeof def ? null : `must be a ${typeof def} (got ${value === null ? 'null' : typeof value})`;
}

/** Problems with stored parameters at `where` (e.g. "parameters"), and the parameters with defaults filled in. */
export function checkStoredParams(value: unknown, where: string): { params: FusionParams; problems: string[] } {
  if (!isRecord(value)) return { params: { ...DEFAULT_PARAMS }, problems: [`${where} must be an object`] };
  const problems: string[] = [];
  const defaults = DEFAULT_PARAMS as unknown as Record<string, unknown>;
  for (const [key, v] of Object.entries(value)) {
    if (!(key in defaults)) continue; // a field this fusem does not know: kept
    const p = typeProblem(key, v, defaults[key]);
    if (p) problems.push(`${where}.${key} ${p}`);
  }
  const params = { ...DEFAULT_PARAMS, ...value } as FusionParams;
  if (problems.length === 0) {
    const elements = Array.isArray(params.weighting) ? params.weighting.length : 1;
    problems.push(...validateParams(params, elements).map((p) => `${where}: ${p}`));
  }
  return { params, problems };
}
