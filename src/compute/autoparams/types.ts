// What a choice of λ from the data reports: the held-out split used, every λ tried with its score, the chosen λ.

import type { FusionParams } from '../solve/params.js';

/** How the data were split into a fused half and a held-out half. */
export type AutoMethod = 'thinning' | 'checkerboard' | 'fission';

export interface ValidationPoint {
  lambdaTV: number;
  lambdaChem: number;
  /** Held-out score of that λ, the one minimised (see AutoParamsResult.score); lower is better. */
  score: number;
  /** Mean held-out Poisson NLL per pixel, Σ_i (x̂ − b₂ log x̂), where recorded. */
  poissonNll?: number;
}

export interface AutoParamsResult {
  /** The base parameters with the chosen λ_TV and λ_chem. */
  params: FusionParams;
  curve: ValidationPoint[];
  method: AutoMethod;
  /** What `score` is: a relative squared error (or its unbiased risk estimate) of held-out data, or a Poisson NLL. */
  score: 'squared' | 'poisson';
  /** Fusions per λ point. */
  folds: number;
  notes: string[];
  wallMs: number;
}
