// Velox EDS spectrum images: the event stream under /Data/SpectrumStream/<id>/Data (uint16, one value per
// detected X-ray = its channel; 65535 = "next pixel"; frames follow each other, each starting at the offset
// listed in FrameLocationTable). Format as described in RosettaSciIO's _emd_velox.py notes (decoder fusem's own).
// One stream per detector segment (Super-X: four); fusem sums them, and sums the selected frames.

import { InputError } from '../errors.js';
import type { H5Tree } from '../hdf5/tree.js';
import { emptyAcquisition, type SpectrumImage } from '../../spectra/types.js';
import { dig, veloxJson, veloxNumber } from './spec.js';

const NEXT_PIXEL = 65535;

/** Frames to read: all summed (default) or the inclusive 0-based range [first, last]. */
export interface FrameSelection { first?: number; last?: number }

/**
 * Add one stream's events for frames [first, last] into `cube` ([pixels, channels], pixel-major). Throws a
 * problem string when the stream is inconsistent (truncated: fewer pixels than a frame holds; channel ≥ bincount).
 */
export function decodeStream(
  stream: ArrayLike<number>, frameStarts: ArrayLike<number>, pixels: number, channels: number,
  first: number, last: number, cube: Uint16Array | Uint32Array,
): { cube: Uint16Array | Uint32Array; events: number } {
  let out = cube;
  let events = 0;
  for (let f = first; f <= last; f++) {
    const start = Number(frameStarts[f]);
    const end = f + 1 < frameStarts.length ? Number(frameStarts[f + 1]) : stream.length;
    if (!(start >= 0) || start > stream.length || end > stream.length || end < start) {
      throw new Error(`frame ${f + 1} spans values ${start}–${end} but the stream holds ${stream.length} values (truncated?)`);
    }
    let p = 0;
    for (let i = start; i < end; i++) {
      const v = stream[i]!;
      if (v === NEXT_PIXEL) { p++; continue; }
      if (v >= channels) throw new Error(`channel ${v} at value ${i} is outside the ${channels} channels (corrupt stream)`);
      if (p >= pixels) throw new Error(`frame ${f + 1} holds more than ${pixels} pixels (corrupt stream)`);
      const k = p * channels + v;
      if (out[k] === 0xffff && out instanceof Uint16Array) out = Uint32Array.from(out); // widen on overflow
      out[k]!++;
      events++;
    }
    // A complete frame holds pixels − 1 markers (pixels when a marker also closes its last pixel).
    if (p < pixels - 1) {
      throw new Error(`frame ${f + 1} ends after ${p + 1} of ${pixels} pixels (truncated stream)`);
    }
  }
  return { cube: out, events };
}

function column0(tree: H5Tree, path: string): Record<string, unknown> {
  const node = tree.get(path);
  const v = node?.value;
  const cols = node?.shape?.length === 2 ? node.shape[1]! : 1;
  if (v instanceof Uint8Array && cols > 1) {
    const col = new Uint8Array(Math.floor(v.length / cols));
    for (let i = 0; i < col.length; i++) col[i] = v[i * cols]!;
    return veloxJson(col) ?? {};
  }
  return veloxJson(v) ?? {};
}

/** Whether the file holds a decodable stream (Velox "pruned" files keep only a compressed SpectrumImage). */
export function spectrumStreams(tree: H5Tree): string[] {
  return tree.children('/Data/SpectrumStream').filter((n) => n.kind === 'group' && tree.get(`${n.path}/Data`)?.kind === 'dataset').map((n) => n.path);
}

export const PRUNED_NOTE = 'Velox pruned the raw spectrum stream from this file (only Data/SpectrumImage remains, in a compressed form fusem cannot decode); files saved with the spectrum stream can be mapped';

/** The spectrum image of a Velox file: detector streams summed, frames summed or selected. */
export async function readVeloxSpectrumStream(tree: H5Tree, grid: { rows: number; cols: number } | null, frames: FrameSelection = {}): Promise<SpectrumImage> {
  const file = tree.file;
  const streams = spectrumStreams(tree);
  if (streams.length === 0) throw new InputError(file, PRUNED_NOTE);
  const settings = veloxJson(tree.get(`${streams[0]}/AcquisitionSettings`)?.value) ?? {};
  const channels = veloxNumber(dig(settings, 'bincount'));
  if (channels === null || channels <= 0) throw new InputError(file, 'the spectrum stream has no bincount in its AcquisitionSettings');
  const meta = column0(tree, `${streams[0]}/Metadata`);
  // Spatial grid: that of the images acquired with the SI (the raster in AcquisitionSettings is the full scan).
  const rows = grid?.rows ?? veloxNumber(dig(settings, 'RasterScanDefinition', 'Height'));
  const cols = grid?.cols ?? veloxNumber(dig(settings, 'RasterScanDefinition', 'Width'));
  if (rows === null || cols === null) throw new InputError(file, 'the spectrum stream does not say its scan size');
  const pixels = rows * cols;
  let cube: Uint16Array | Uint32Array = new Uint16Array(pixels * channels);
  let framesInFile = 0;
  let first = 0, last = 0;
  let liveTime = 0, realTime = 0;
  const detectors: string[] = [];
  let events = 0;
  for (const s of streams) {
    const data = await tree.readNumeric(`${s}/Data`);
    const table = tree.get(`${s}/FrameLocationTable`)?.value;
    const starts: ArrayLike<number> = ArrayBuffer.isView(table) ? (table as unknown as ArrayLike<number>) : [0];
    framesInFile = starts.length;
    first = frames.first ?? 0;
    last = frames.last ?? framesInFile - 1;
    if (!(Number.isInteger(first) && Number.isInteger(last) && first >= 0 && last < framesInFile && first <= last)) {
      throw new InputError(file, `frames ${first + 1}–${last + 1} requested but the spectrum stream holds ${framesInFile} frame${framesInFile === 1 ? '' : 's'}`);
    }
    try {
      const r = decodeStream(data as ArrayLike<number>, starts, pixels, channels, first, last, cube);
      cube = r.cube;
      events += r.events;
    } catch (e) {
      throw new InputError(file, `spectrum stream ${s.slice(s.lastIndexOf('/') + 1)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const m = column0(tree, `${s}/Metadata`);
    const det = dig(m, 'BinaryResult', 'Detector');
    if (typeof det === 'string') {
      detectors.push(det);
      const info = Object.values((dig(m, 'Detectors') ?? {}) as Record<string, unknown>).find((d) => dig(d, 'DetectorName') === det);
      liveTime += veloxNumber(dig(info, 'LiveTime')) ?? 0;
      realTime += veloxNumber(dig(info, 'RealTime')) ?? 0;
    }
  }
  const det = dig(meta, 'BinaryResult', 'Detector');
  const info = Object.values((dig(meta, 'Detectors') ?? {}) as Record<string, unknown>).find((d) => dig(d, 'DetectorName') === det);
  const dispersion = veloxNumber(dig(info, 'Dispersion'));
  const offsetEv = veloxNumber(dig(info, 'OffsetEnergy'));
  const notes: string[] = [];
  if (dispersion === null || offsetEv === null) notes.push('the stream metadata has no Dispersion/OffsetEnergy: energy axis in channels');
  const acq = emptyAcquisition();
  const volts = veloxNumber(dig(meta, 'Optics', 'AccelerationVoltage'));
  acq.beamEnergyKeV = volts !== null ? volts / 1000 : null;
  acq.dwellTime = veloxNumber(dig(meta, 'Scan', 'DwellTime'));
  acq.liveTime = liveTime > 0 ? liveTime : null;
  acq.realTime = realTime > 0 ? realTime : null;
  acq.detector = detectors.length > 0 ? detectors.join('+') : null;
  acq.frames = last - first + 1;
  acq.framesInFile = framesInFile;
  notes.push(`${streams.length} detector stream${streams.length === 1 ? '' : 's'} summed (${acq.detector ?? 'unnamed'}); frames ${first + 1}–${last + 1} of ${framesInFile} summed; ${events} X-ray events`);
  const pw = veloxNumber(dig(meta, 'BinaryResult', 'PixelSize', 'width'));
  const ph = veloxNumber(dig(meta, 'BinaryResult', 'PixelSize', 'height'));
  const unitX = dig(meta, 'BinaryResult', 'PixelUnitX');
  return {
    title: 'EDS spectrum image', kind: 'EDX', rows, cols,
    energy: dispersion !== null && offsetEv !== null
      ? { size: channels, scale: dispersion / 1000, offset: offsetEv / 1000, unit: 'keV' }
      : { size: channels, scale: 1, offset: 0, unit: 'channel' },
    data: cube, pixelStride: channels, channelStride: 1,
    pixelSize: pw !== null && ph !== null ? [ph, pw] : null, unit: typeof unitX === 'string' ? unitX : null,
    acquisition: acq, source: { file, format: 'velox', path: '/Data/SpectrumStream' }, notes,
  };
}
