// The default fusion of a watched dataset: fuse() on a fresh backend ('auto' unless told), disposed after.

import { createBackend, type BackendChoice } from '../../../compute/node/select-backend.js';
import { fuse } from '../../../compute/solve/fuse.js';
import type { FuseDataset } from './types.js';

export function defaultFuseDataset(choice: BackendChoice = 'auto', threads?: number): FuseDataset {
  return async (inputs, params, { warmStart, onProgress, signal }) => {
    const backend = await createBackend(choice, threads === undefined ? {} : { threads });
    try {
      return await fuse(inputs, params, { backend, warmStart, onProgress, signal });
    } finally {
      await backend.dispose();
    }
  };
}
