// Reading a watched dataset's files into fusion inputs: a whole-dataset file through readDataset, a group through
// readImage per file (the HAADF and one map per element, elements in alphabetical order so that a re-read of a grown
// dataset lines up with its previous result). Every failure is an InputError naming the file.

import { assertFusable, loadDatasetFile, loadSeparateFiles, type LoadedInputs } from '../../../compute/io/load-inputs.js';
import { InputError } from '../../../compute/io/errors.js';
import type { DataTerm } from '../../../compute/backend/types.js';
import type { DatasetKind, DatasetMember } from './types.js';

/** What a group still lacks before it can be fused, or null when it is complete. */
export function missingMembers(kind: DatasetKind, members: readonly DatasetMember[]): string | null {
  if (kind === 'file') return members.length > 0 ? null : 'waiting for the dataset file';
  const haadf = members.some((m) => m.role === 'HAADF');
  const maps = members.some((m) => m.role !== 'HAADF');
  if (!haadf && !maps) return 'waiting for a HAADF image and element maps';
  if (!haadf) return 'waiting for a HAADF (or dark-field) image';
  if (!maps) return 'waiting for element maps';
  return null;
}

export async function loadWatchedDataset(kind: DatasetKind, members: readonly DatasetMember[], dataTerm: DataTerm): Promise<LoadedInputs> {
  let loaded: LoadedInputs;
  if (kind === 'file') {
    const file = members[0];
    if (!file) throw new InputError('(dataset)', 'has no file');
    loaded = await loadDatasetFile(file.file);
  } else {
    const haadf = members.find((m) => m.role === 'HAADF');
    if (!haadf) throw new InputError(members[0]?.file ?? '(dataset)', 'has no HAADF image beside it');
    const maps = members.filter((m) => m.role !== 'HAADF').sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));
    loaded = await loadSeparateFiles(haadf.file, maps.map((m) => [m.role, m.file] as const));
  }
  assertFusable(loaded, dataTerm);
  return loaded;
}
