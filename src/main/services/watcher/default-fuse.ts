// The default fusion of a watched dataset: the same default as the CLI and the app (λ chosen from the data unless the
// params fix them, autoparams/default-fusion.ts) on a fresh backend ('auto' unless told), disposed after.

import { createBackend, type BackendChoice } from '../../../compute/node/select-backend.js';
import { fuseWithDefaults } from '../../../compute/autoparams/default-fusion.js';
import type { FuseDataset } from './types.js';

export function defaultFuseDataset(choice: BackendChoice = 'auto', threads?: number): FuseDataset {
  return async (inputs, params, { warmStart, onProgress, signal }) => {
    const backend = await createBackend(choice, threads === undefined ? {} : { threads });
    try {
      return (await fuseWithDefaults(inputs, params, { backend, warmStart, onProgress, signal })).result;
    } finally {
      await backend.dispose();
    }
  };
}
