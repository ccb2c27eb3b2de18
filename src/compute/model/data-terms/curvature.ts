// How stiff a data term is at the data: the typical ∂²ψ/∂x² where the maps hold signal, for a stable explicit step.

import type { DataTermModel } from './types.js';

/** Median of ψ'' at x = max(b, 0) over pixels with b > 0 (1 for least squares; ≈ 1/b for Poisson). */
export function typicalCurvature(term: DataTermModel, maps: Float32Array, eps: number): number {
  const x = Float32Array.from(maps, (v) => Math.max(v, 0));
  const h = term.hessianDiagonal(x, maps, eps);
  const signal: number[] = [];
  for (let k = 0; k < maps.length; k++) if (maps[k]! > 0) signal.push(h[k]!);
  if (signal.length === 0) return 1;
  signal.sort((a, b) => a - b);
  return signal[Math.floor(signal.length / 2)]!;
}
