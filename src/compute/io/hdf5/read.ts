// HDF5-family dispatch: HyperSpy .hspy, Velox EMD, EMD Berkeley, else plain HDF5 datasets.

import { readEmdBerkeley, isEmdBerkeley } from '../emd-berkeley/read.js';
import { isHspy, readHspy } from '../hspy/read.js';
import type { ImageRecord } from '../types.js';
import { isVelox, readVelox } from '../velox/read.js';
import { readPlainHdf5 } from './plain.js';
import { scanHdf5, type H5Tree } from './tree.js';

export type Hdf5Flavour = 'hspy' | 'velox' | 'emd-berkeley' | 'hdf5';

export function hdf5Flavour(tree: H5Tree): Hdf5Flavour {
  if (isHspy(tree)) return 'hspy';
  if (isVelox(tree)) return 'velox';
  if (isEmdBerkeley(tree)) return 'emd-berkeley';
  return 'hdf5';
}

/** Every image an HDF5-based file holds, read by the reader of its flavour. */
export async function readHdf5Images(file: string): Promise<{ records: ImageRecord[]; tree: H5Tree; flavour: Hdf5Flavour }> {
  const tree = await scanHdf5(file);
  const flavour = hdf5Flavour(tree);
  const records = flavour === 'hspy' ? await readHspy(tree)
    : flavour === 'velox' ? await readVelox(tree)
      : flavour === 'emd-berkeley' ? await readEmdBerkeley(tree)
        : await readPlainHdf5(tree);
  return { records, tree, flavour };
}
