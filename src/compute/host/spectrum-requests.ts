// Spectrum images in the compute process (issue 11): the app's spectrum.* requests — an SI's summary, the spectrum of a
// region, its element maps — answered here, so that reading and mapping a 1 GiB SI (seconds) never blocks the service
// that serves the UI. The SI is read once and held (the two most recent files within a byte budget, re-read when the
// file changes). A request is answered as soon as it arrives: during a fusion, at the fusion's next yield (the fusion
// waits meanwhile).

import { stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { isInputError } from '../io/errors.js';
import type { SpectrumDoneReply, SpectrumFailedReply } from './protocol.js';
import { haadfOf, haadfOnGrid } from '../io/load-spectrum-image.js';
import { readSpectrumImage, type FrameSelection } from '../io/spectra/read.js';
import type { ImageRecord } from '../io/types.js';
import { sumSpectrum } from '../spectra/cube.js';
import { makeElementMaps } from '../spectra/make-maps.js';
import type { SpectrumImage } from '../spectra/types.js';
import { countsImage, markersOnAxis, regionSpectrum } from '../spectra/views.js';
import { RecentPromises } from '../util/recent-promises.js';
import { wireValue } from './copies.js';
import type { SpectrumMapped, SpectrumOperation, SpectrumSummary, SpectrumValues } from './spectrum-types.js';

interface Held { si: SpectrumImage; images: ImageRecord[] }

/** Bytes an SI held in memory takes: its cube and the images read with it. */
export function heldBytes(held: Held): number {
  return held.si.data.byteLength + held.images.reduce((s, im) => s + im.data.byteLength, 0);
}

/** The SIs held at most: a quarter of the machine's memory (the fusion beside them needs the rest), at most 8 GiB. */
export const SI_CACHE_BYTES = Math.min(8 * 1024 ** 3, totalmem() / 4);

/**
 * The SIs read so far, the most recent last; a file is read again when its size or mtime (or the frames asked) change.
 * A read under way is shared: requests that arrive meanwhile wait for it rather than read the file again. Older SIs
 * are dropped before a new one is read when they and the new file would take more than `bytes`, judged by its file
 * size (a Velox event stream decodes larger than its file: then once the read ends, when its size in memory is known).
 */
export class SpectrumImageCache {
  private readonly held: RecentPromises<Held>;
  constructor(capacity = 2, bytes = SI_CACHE_BYTES) { this.held = new RecentPromises(capacity, { bytes, sizeOf: heldBytes }); }

  async get(file: string, frames?: FrameSelection): Promise<Held> {
    const s = await stat(file).catch(() => null);
    const which = frames ? `${frames.first}-${frames.last}` : 'all';
    return this.held.get(`${file}|${which}`, `${s?.size}:${s?.mtimeMs}:${which}`, () => readSpectrumImage(file, frames ? { frames } : {}), s?.size ?? 0);
  }

  /** Bytes held now (a read under way counts as its file's size). */
  heldBytes(): number { return this.held.heldBytes(); }
}

/** The answer to one operation. Throws what the readers and the mapping throw (InputError for bad input). */
export async function spectrumValue(cache: SpectrumImageCache, operation: SpectrumOperation): Promise<SpectrumValues[SpectrumOperation['op']]> {
  const { si, images } = await cache.get(operation.file, operation.frames);
  if (operation.op === 'region') return regionSpectrum(si, operation.region);
  if (operation.op === 'map') {
    const t0 = performance.now();
    const maps = makeElementMaps(si, operation.request);
    const value: SpectrumMapped = {
      maps, haadf: haadfOnGrid(si, images, operation.request.pixelBin ?? 1), haadfTitle: haadfOf(images)?.title ?? null,
      si: { title: si.title, rows: si.rows, cols: si.cols }, wallMs: performance.now() - t0,
    };
    return value;
  }
  const haadf = haadfOnGrid(si, images);
  const summary: SpectrumSummary = {
    kind: si.kind, title: si.title, rows: si.rows, cols: si.cols, energy: { ...si.energy }, acquisition: { ...si.acquisition },
    pixelSize: si.pixelSize, unit: si.unit, notes: [...si.notes],
    sum: Float32Array.from(sumSpectrum(si)), markers: markersOnAxis(si),
    haadf, haadfTitle: haadfOf(images)?.title ?? null, counts: haadf ? null : countsImage(si),
  };
  return summary;
}

/** The reply message for one request: the value, or why not (bad input said as the reader says it). */
export async function answerSpectrum(cache: SpectrumImageCache, requestId: string, operation: SpectrumOperation): Promise<SpectrumDoneReply | SpectrumFailedReply> {
  try {
    return { type: 'spectrum-done', requestId, value: wireValue(await spectrumValue(cache, operation)) }; // views sent exact-size
  } catch (e) {
    return { type: 'spectrum-failed', requestId, file: isInputError(e) ? e.file : null, reason: e instanceof Error ? e.message : String(e) };
  }
}
