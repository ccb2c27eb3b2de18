// Reading a watched dataset's files into fusion inputs: a whole-dataset file through readDataset, a group through
// readImage per file (the HAADF and one map per element, elements in alphabetical order so that a re-read of a grown
// dataset lines up with its previous result). Every failure is an InputError naming the file.

import path from 'node:path';
import { stat } from 'node:fs/promises';
import type { ImageRecord } from '../../../compute/io/types.js';
import type { SpectrumImage } from '../../../compute/spectra/types.js';
import { assertFusable, loadDatasetFile, loadSeparateFiles, type LoadedInputs } from '../../../compute/io/load-inputs.js';
import { InputError, isInputError } from '../../../compute/io/errors.js';
import type { DataTermChoice as DataTerm } from '../../../compute/model/data-terms/index.js';
import { mapSpectrumImage, mapSpectrumImageFile, spectrumImageInputs, type MappedSpectrumImage } from '../../../compute/io/load-spectrum-image.js';
import { readSpectra, readSpectrumImage } from '../../../compute/io/spectra/read.js';
import { SPECTRUM_IMAGE_ROLE } from './naming.js';
import type { MapRequest } from '../../../compute/spectra/make-maps.js';
import type { DatasetKind, DatasetMember } from './types.js';

/** What a group still lacks before it can be fused, or null when it is complete. */
export function missingMembers(kind: DatasetKind, members: readonly DatasetMember[]): string | null {
  if (kind === 'file') return members.length > 0 ? null : 'waiting for the dataset file';
  const haadf = members.some((m) => m.role === 'HAADF');
  if (members.some((m) => m.role === SPECTRUM_IMAGE_ROLE)) return haadf ? null : 'waiting for a HAADF (or dark-field) image to fuse the spectrum image with';
  const maps = members.some((m) => m.role !== 'HAADF');
  if (!haadf && !maps) return 'waiting for a HAADF image and element maps';
  if (!haadf) return 'waiting for a HAADF (or dark-field) image';
  if (!maps) return 'waiting for element maps';
  return null;
}

/**
 * Where a watched spectrum image is read and mapped: in this process (the default: `fusem watch`), or elsewhere — the
 * app maps on its compute host so that a landing SI does not block the service (spectrum-requests.ts).
 */
export interface SpectrumSource {
  /** The kind of the one spectrum image the file holds, else null (never throws for a readable file that is not one). */
  kind(file: string): Promise<'EELS' | 'EDX' | null>;
  /** The SI's maps (of these frames; all when none are given) with the HAADF on their grid; throws InputError for bad input. */
  map(file: string, request: MapRequest, frames?: FrameRange): Promise<MappedSpectrumImage>;
}

/** Frames first…last (0-based, inclusive) of a multi-frame SI. */
export interface FrameRange { first: number; last: number }

/** How a watched spectrum image is mapped: the map request, and the frames to sum (all when absent), as the Fuse panel's. */
export type WatchedMapSettings = MapRequest & { frames?: FrameRange };

/** The map request and the frames of a watched SI's settings, apart. */
function splitFrames(s: WatchedMapSettings): { request: MapRequest; frames: FrameRange | undefined } {
  const { frames, ...request } = s;
  return { request, frames };
}

/**
 * Reading and mapping here, in this process (`fusem watch`). The SI that kind() read (the last one only, until map()
 * takes it) is mapped without reading the file again while its size and mtime are unchanged.
 */
export function localSpectra(): SpectrumSource {
  let last: { file: string; stamp: string; si: SpectrumImage; images: ImageRecord[] } | null = null;
  const stampOf = async (file: string) => { const s = await stat(file).catch(() => null); return `${s?.size}:${s?.mtimeMs}`; };
  return {
    kind: async (file) => {
      last = null;
      const stamp = await stampOf(file);
      const c = await readSpectra(file).catch(() => null);
      if (!c || c.spectrumImages.length !== 1) return null;
      last = { file, stamp, si: c.spectrumImages[0]!, images: c.images };
      return last.si.kind;
    },
    map: async (file, request, frames) => {
      const held = last;
      last = null; // held for one map only
      if (held && held.file === file && !frames && held.stamp === await stampOf(file)) return mapSpectrumImage(held.si, held.images, request);
      return mapSpectrumImageFile(file, request, frames);
    },
  };
}

/** In the failure of a spectrum image read before any elements were chosen (the app re-reads those once they are). */
export const NO_MAP_SETTINGS = 'no elements are chosen to map it';

/**
 * `mapSettings`: how a spectrum image of each technique is mapped (issue 11; the project's current map settings). With elements given, a file
 * holding one spectrum image is mapped with them (compute/spectra) and fused with its HAADF; without, such a file is
 * refused with a message saying how to choose them.
 */
export async function loadWatchedDataset(kind: DatasetKind, members: readonly DatasetMember[], dataTerm: DataTerm, mapSettings?: (technique: 'EELS' | 'EDX') => WatchedMapSettings | null, spectra: SpectrumSource = localSpectra()): Promise<LoadedInputs> {
  let loaded: LoadedInputs;
  if (kind === 'file') {
    const file = members[0];
    if (!file) throw new InputError('(dataset)', 'has no file');
    const si = await spectra.kind(file.file).catch((e: unknown) => { if (isInputError(e)) return null; throw e; }); // unreadable: loadDatasetFile says why
    const maps = si ? mapSettings?.(si) ?? null : null;
    if (si && maps && maps.elements.length > 0) {
      const { request, frames } = splitFrames(maps);
      loaded = await spectrumImageInputs(file.file, await spectra.map(file.file, request, frames), request);
    } else {
      try {
        loaded = await loadDatasetFile(file.file);
      } catch (e) {
        if (si) throw new InputError(file.file, `is an ${si} spectrum image and ${NO_MAP_SETTINGS}: choose them (in the app: the Spectrum tab's periodic table, then "Make maps"; fusem watch: --elements Co,O,…)`);
        throw e;
      }
    }
  } else if (members.some((m) => m.role === SPECTRUM_IMAGE_ROLE)) {
    loaded = await loadSpectrumImageGroup(members, spectra, mapSettings);
  } else {
    const haadf = members.find((m) => m.role === 'HAADF');
    if (!haadf) throw new InputError(members[0]?.file ?? '(dataset)', 'has no HAADF image beside it');
    const maps = members.filter((m) => m.role !== 'HAADF').sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));
    loaded = await loadSeparateFiles(haadf.file, maps.map((m) => [m.role, m.file] as const));
  }
  assertFusable(loaded, dataTerm);
  return loaded;
}

/** A group of a spectrum image (a DM file) and its HAADF beside it: the SI mapped with the settings of its technique. */
async function loadSpectrumImageGroup(members: readonly DatasetMember[], spectra: SpectrumSource, mapSettings?: (technique: 'EELS' | 'EDX') => WatchedMapSettings | null): Promise<LoadedInputs> {
  const file = members.find((m) => m.role === SPECTRUM_IMAGE_ROLE)!.file;
  const haadf = members.find((m) => m.role === 'HAADF');
  if (!haadf) throw new InputError(file, 'has no HAADF image beside it (name it like the spectrum image, e.g. scan012_HAADF.dm4 beside scan012_SI.dm4)');
  // not one SI: the reader says why (InputError naming the file); should it read one after all, its kind is used
  const kind = (await spectra.kind(file)) ?? (await readSpectrumImage(file)).si.kind;
  const maps = mapSettings?.(kind) ?? null;
  if (!maps || maps.elements.length === 0) throw new InputError(file, `is an ${kind} spectrum image and ${NO_MAP_SETTINGS}: choose them (in the app: the Spectrum tab's periodic table, then "Make maps"; fusem watch: --elements Co,O,…)`);
  const { request, frames } = splitFrames(maps);
  const loaded = await spectrumImageInputs(file, await spectra.map(file, request, frames), request, haadf.file);
  const others = members.filter((m) => m.role !== SPECTRUM_IMAGE_ROLE && m.role !== 'HAADF');
  if (others.length > 0) loaded.notes.push(`the element maps beside the spectrum image (${others.map((m) => path.basename(m.file)).join(', ')}) were not used: its own maps were made`);
  return loaded;
}
