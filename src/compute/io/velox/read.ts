// Velox EMD reader: every image under /Data/Image with its metadata JSON, labels, HAADF/EDX/EELS recognition.

import { InputError } from '../errors.js';
import { parseElementLabel } from '../labels/element-label.js';
import { classifySignal } from '../labels/signal-kind.js';
import { makeRecord, type NumericArray } from '../record.js';
import type { ImageRecord, SignalKind } from '../types.js';
import type { H5Tree } from '../hdf5/tree.js';
import { veloxLabels } from './labels.js';
import { dig, veloxJson, veloxNumber } from './spec.js';

/** Velox files carry /Version {"format": "Velox", ...} or a /Data/Image group of uuid subgroups. */
export function isVelox(tree: H5Tree): boolean {
  return dig(veloxJson(tree.get('/Version')?.value), 'format') === 'Velox' || tree.get('/Data/Image')?.kind === 'group';
}

/** Whether the file holds a raw spectrum image (SpectrumStream with data): read by io/spectra (`fusem maps`), not as images. */
export function hasSpectrumStream(tree: H5Tree): boolean {
  // A pruned file keeps only the compressed Data/SpectrumImage: no decodable stream (spectra/read.ts says so).
  return tree.children('/Data/SpectrumStream').some((n) => tree.get(`${n.path}/Data`)?.kind === 'dataset');
}

export const SPECTRUM_STREAM_NOTE =
  'the raw spectrum image (Data/SpectrumStream) is not an element map: map it with `fusem maps FILE --elements …` or fuse it with `fusem fuse --input FILE --elements …`';

function signalOf(label: string | null, detector: string | null, groupType: string | null, detectorType: string | null): SignalKind {
  const g = groupType?.toLowerCase();
  if (g === 'eds') return 'EDX';
  if (g === 'eels') return 'EELS';
  const s = classifySignal(label, detector);
  if (s !== 'other') return s;
  if (detectorType === 'AnalyticalDetector') return 'EDX';
  return 'other';
}

/** The metadata JSON of an image: uint8 [60000, frames], one column per frame; the first column (as RosettaSciIO). */
function veloxMetadata(tree: H5Tree, path: string): Record<string, unknown> {
  const node = tree.get(path);
  const v = node?.value;
  const cols = node?.shape?.length === 2 ? node.shape[1]! : 1;
  if (cols > 1 && v instanceof Uint8Array) {
    const col = new Uint8Array(Math.floor(v.length / cols));
    for (let i = 0; i < col.length; i++) col[i] = v[i * cols]!;
    return veloxJson(col) ?? {};
  }
  return veloxJson(v) ?? {};
}

/** Reorder Velox [rows, cols, frames] to [frames, rows, cols]. */
function framesFirst(v: NumericArray, rows: number, cols: number, frames: number): NumericArray {
  if (frames === 1) return v;
  const out = new Float64Array(v.length);
  for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) for (let f = 0; f < frames; f++) {
    out[(f * rows + y) * cols + x] = Number(v[(y * cols + x) * frames + f]!);
  }
  return out;
}

export async function readVelox(tree: H5Tree): Promise<ImageRecord[]> {
  const version = dig(veloxJson(tree.get('/Version')?.value), 'version');
  const labels = veloxLabels(tree);
  const images = tree.children('/Data/Image').filter((n) => n.kind === 'group');
  if (images.length === 0) {
    if (hasSpectrumStream(tree)) throw new InputError(tree.file, `holds no images, only a spectrum image: ${SPECTRUM_STREAM_NOTE}`);
    throw new InputError(tree.file, 'Velox file holds no images under /Data/Image');
  }
  const stream = hasSpectrumStream(tree);
  const out: ImageRecord[] = [];
  for (const g of images) {
    const uuid = g.path.slice(g.path.lastIndexOf('/') + 1);
    const data = tree.get(`${g.path}/Data`);
    if (!data || data.kind !== 'dataset' || !data.shape || data.shape.length !== 3) continue;
    if (!/^(u?int(8|16|32|64)|float(32|64))$/.test(data.dtype ?? '')) continue; // FFT/DPC compound images
    const meta = veloxMetadata(tree, `${g.path}/Metadata`);
    const [rows, cols, frames] = data.shape as [number, number, number];
    const detector = dig(meta, 'BinaryResult', 'Detector');
    const detIndex = dig(meta, 'BinaryResult', 'DetectorIndex');
    const detInfo = typeof detIndex === 'string' ? dig(meta, 'Detectors', `Detector-${detIndex}`) : undefined;
    const detectorType = dig(detInfo, 'DetectorType');
    const lab = labels.get(uuid) ?? null;
    const detName = typeof detector === 'string' ? detector : null;
    const signal = signalOf(lab?.label ?? null, detName, lab?.groupType ?? null, typeof detectorType === 'string' ? detectorType : null);
    const element = signal === 'EDX' || signal === 'EELS' || signal === 'other' ? parseElementLabel(lab?.label ?? '') : null;
    const title = lab?.label ?? detName ?? uuid;
    const pw = veloxNumber(dig(meta, 'BinaryResult', 'PixelSize', 'width'));
    const ph = veloxNumber(dig(meta, 'BinaryResult', 'PixelSize', 'height'));
    const unitX = dig(meta, 'BinaryResult', 'PixelUnitX');
    const values = framesFirst(await tree.readNumeric(data.path), rows, cols, frames);
    out.push(makeRecord({
      title, signal, element,
      shape: frames === 1 ? [rows, cols] : [frames, rows, cols],
      dtype: data.dtype!, values,
      pixelSize: pw !== null && ph !== null ? [ph, pw] : null,
      unit: pw !== null && typeof unitX === 'string' ? unitX : null,
      metadata: {
        format: 'velox', version: typeof version === 'string' ? version : null, uuid, labelLayout: lab?.layout ?? null,
        detector: detName, detectorType: detectorType ?? null, groupType: lab?.groupType ?? null,
        dwellTime: veloxNumber(dig(meta, 'Scan', 'DwellTime')),
        frameTime: veloxNumber(dig(meta, 'Scan', 'FrameTime')),
        beamCurrent: veloxNumber(dig(meta, 'Optics', 'BeamCurrent')) ?? veloxNumber(dig(meta, 'Optics', 'LastMeasuredScreenCurrent')),
        accelerationVoltage: veloxNumber(dig(meta, 'Optics', 'AccelerationVoltage')),
        offset: dig(meta, 'BinaryResult', 'Offset') ?? null,
        instrument: dig(meta, 'Instrument', 'InstrumentModel') ?? null,
        acquisitionStart: dig(meta, 'Acquisition', 'AcquisitionStartDatetime', 'DateTime') ?? null,
        frames,
        ...(stream ? { spectrumImage: SPECTRUM_STREAM_NOTE } : {}),
      },
    }));
  }
  return out;
}
