// The data terms by name: adding one is a file beside this one, its kernel form in backend/, and a line here.

import { lsq } from './lsq.js';
import { poisson } from './poisson.js';
import type { DataTermModel, DataTermName } from './types.js';

export const DATA_TERMS: Readonly<Record<DataTermName, DataTermModel>> = { poisson, lsq };
