// The standard errors as report.json records them: one number per element, and how they were computed.

import type { StandardErrors } from './stderr-maps.js';

export interface StderrReport {
  /** 'solver' (sandwich of the λ-weighted estimate, the files' maps) — see src/compute/uncertainty/stderr-maps.ts. */
  method: string;
  units: string;
  /** Mean standard error per element over pixels where it is present (x ≥ ε), in `units`. */
  averageStandardError: Record<string, number | null>;
  /** The same average for the Cramér–Rao bound (the likelihood-weighted, efficient estimate), when computed. */
  averageCramerRao?: Record<string, number | null>;
  averagePixels: Record<string, number>;
  haadfNoise: string;
  /** Pixels where some element was below ε (vacuum for it): the standard error there is that of ε counts. */
  flooredPixels: number;
  singularPixels: number;
  note: string;
}

const perElement = (se: StandardErrors, values: number[]) =>
  Object.fromEntries(se.elements.map((el, i) => [el, Number.isFinite(values[i]!) ? values[i]! : null]));

/** report.json's `stderr` entry for standard errors `se` (and, optionally, the Cramér–Rao bound). */
export function stderrReport(se: StandardErrors, bound?: StandardErrors): StderrReport {
  return {
    method: se.method,
    units: se.units,
    averageStandardError: perElement(se, se.average),
    ...(bound ? { averageCramerRao: perElement(bound, bound.average) } : {}),
    averagePixels: Object.fromEntries(se.elements.map((el, i) => [el, se.averagePixels[i]!])),
    haadfNoise: se.haadfNoise,
    flooredPixels: se.flooredPixels,
    singularPixels: se.singularPixels,
    note: 'per-pixel data-term standard errors (TV left out): calibrated where λ_TV is small; with TV the scatter of the fused maps is below them in flat regions and bias dominates at edges',
  };
}
