// The data terms by name: adding one is a file beside this one, its kernel form in backend/, and a line here.

import { lsq } from './lsq.js';
import { poisson } from './poisson.js';
import type { DataTermChoice, DataTermModel, DataTermName } from './types.js';

export const DATA_TERMS: Readonly<Record<DataTermName, DataTermModel>> = { poisson, lsq };

/** What the user may ask for, read by the CLI, the API schema and the Fuse form: `auto` and every registered term. */
export const DATA_TERM_CHOICES = ['auto', ...(Object.keys(DATA_TERMS) as DataTermName[]), 'lsq-variances'] as const satisfies readonly DataTermChoice[];

/** The kernel form of a choice other than auto (`lsq-variances` is least squares, weighted). */
export function dataTermOf(choice: Exclude<DataTermChoice, 'auto'>): DataTermModel {
  return choice === 'lsq-variances' ? lsq : DATA_TERMS[choice];
}
