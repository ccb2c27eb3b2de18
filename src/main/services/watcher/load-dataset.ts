// Reading a watched dataset's files into fusion inputs: a whole-dataset file through readDataset, a group through
// readImage per file (the HAADF and one map per element, elements in alphabetical order so that a re-read of a grown
// dataset lines up with its previous result). Every failure is an InputError naming the file.

import { assertFusable, loadDatasetFile, loadSeparateFiles, type LoadedInputs } from '../../../compute/io/load-inputs.js';
import { InputError } from '../../../compute/io/errors.js';
import type { DataTermChoice as DataTerm } from '../../../compute/model/data-terms/index.js';
import { mapSpectrumImage, spectrumImageInputs } from '../../../compute/io/load-spectrum-image.js';
import { readSpectra } from '../../../compute/io/spectra/read.js';
import type { MapRequest } from '../../../compute/spectra/make-maps.js';
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

/** In the failure of a spectrum image read before any elements were chosen (the app re-reads those once they are). */
export const NO_MAP_SETTINGS = 'no elements are chosen to map it';

/**
 * `mapSettings`: how a spectrum image of each technique is mapped (issue 11; the project's current map settings). With elements given, a file
 * holding one spectrum image is mapped with them (compute/spectra) and fused with its HAADF; without, such a file is
 * refused with a message saying how to choose them.
 */
export async function loadWatchedDataset(kind: DatasetKind, members: readonly DatasetMember[], dataTerm: DataTerm, mapSettings?: (technique: 'EELS' | 'EDX') => MapRequest | null): Promise<LoadedInputs> {
  let loaded: LoadedInputs;
  if (kind === 'file') {
    const file = members[0];
    if (!file) throw new InputError('(dataset)', 'has no file');
    const spectra = await readSpectra(file.file).catch(() => null); // unreadable: loadDatasetFile says why
    const si = spectra?.spectrumImages.length === 1 ? spectra.spectrumImages[0]! : null;
    const maps = si ? mapSettings?.(si.kind) ?? null : null;
    if (si && maps && maps.elements.length > 0) {
      loaded = await spectrumImageInputs(file.file, mapSpectrumImage(si, spectra!.images, maps), maps);
    } else {
      try {
        loaded = await loadDatasetFile(file.file);
      } catch (e) {
        if (si) throw new InputError(file.file, `is an ${si.kind} spectrum image and ${NO_MAP_SETTINGS}: choose them (in the app: the Spectrum tab's periodic table, then "Make maps"; fusem watch: --elements Co,O,…)`);
        throw e;
      }
    }
  } else {
    const haadf = members.find((m) => m.role === 'HAADF');
    if (!haadf) throw new InputError(members[0]?.file ?? '(dataset)', 'has no HAADF image beside it');
    const maps = members.filter((m) => m.role !== 'HAADF').sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));
    loaded = await loadSeparateFiles(haadf.file, maps.map((m) => [m.role, m.file] as const));
  }
  assertFusable(loaded, dataTerm);
  return loaded;
}
