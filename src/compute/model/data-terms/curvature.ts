// How stiff a data term is at the data: the typical ∂²ψ/∂x² where the maps hold signal, for a stable explicit step.

import type { DataTermModel } from './types.js';
import { selectInPlace } from '../../util/stats.js';

/** Median of ψ'' at x = max(b, 0) over pixels with b > 0 (1 for least squares; ≈ 1/b for Poisson). */
export function typicalCurvature(term: DataTermModel, maps: Float32Array, eps: number): number {
  const x = new Float32Array(maps.length);
  let positive = 0;
  for (let k = 0; k < maps.length; k++) { const v = maps[k]!; x[k] = v > 0 ? v : 0; if (v > 0) positive++; } // max(b, 0)
  const h = term.hessianDiagonal(x, maps, eps);
  if (positive === 0) return 1;
  const signal = new Float64Array(positive);
  for (let k = 0, j = 0; k < maps.length; k++) if (maps[k]! > 0) signal[j++] = h[k]!;
  return selectInPlace(signal, Math.floor(signal.length / 2));
}
