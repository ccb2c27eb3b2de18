// The current iterate (solver working units) as maps in the units a FusionResult reports, for previews and for
// resuming a pre-empted job. It repeats fuse()'s normalisation choice (solve/fuse.ts): in counts mode the map
// scale is fixed at the start (HAADF refits change only the HAADF's scale), so recomputing it here gives the same
// conversion. If FusionProgress ever exposes the current maps, this module goes away.

import { elementWeights } from '../model/weighting.js';
import type { FusionInputs } from '../solve/inputs.js';
import { normaliseCounts, normaliseReference, toResultUnits, type WorkingData } from '../solve/normalise.js';
import type { FusionParams } from '../solve/params.js';
import type { Iterate } from './tap.js';

export type ToResultUnits = (iterate: Iterate) => Float32Array[];

/** A converter for one job; the normalisation is computed on first use. */
export function resultUnitsOf(inputs: FusionInputs, params: FusionParams): ToResultUnits {
  let work: WorkingData | null = null;
  return (it) => {
    work ??= params.normalise === 'counts'
      ? normaliseCounts(inputs, elementWeights(inputs.elements, params.weighting, params.gamma), params.gamma)
      : normaliseReference(inputs);
    const n = it.width * it.height;
    return Array.from({ length: it.elements }, (_, i) => toResultUnits(work!, it.x, i, n));
  };
}
