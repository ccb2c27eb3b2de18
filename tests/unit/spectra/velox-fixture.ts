// A small Velox-layout EMD written by the test (HDF5 through fusem's worker): one HAADF image and one detector's
// spectrum event stream, so that stream decoding, truncation and frame selection can be tested on known events.

import { h5Request, type H5WriteNode } from '../../../src/compute/io/hdf5/client.js';

const json = (o: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(o)}\0`);

/** Events per frame: for each pixel (row-major) the list of channels hit. */
export type FrameEvents = number[][];

export function encodeStream(frames: FrameEvents[]): { stream: Uint16Array; starts: number[] } {
  const values: number[] = [];
  const starts: number[] = [];
  for (const f of frames) {
    starts.push(values.length);
    f.forEach((pixel, p) => { values.push(...pixel); if (p < f.length - 1) values.push(65535); });
    values.push(65535);
  }
  return { stream: Uint16Array.from(values), starts };
}

export async function writeVeloxSi(file: string, opts: { rows: number; cols: number; channels: number; frames: FrameEvents[]; truncateTo?: number }): Promise<void> {
  const { rows, cols, channels } = opts;
  let { stream, starts } = encodeStream(opts.frames);
  if (opts.truncateTo !== undefined) stream = stream.slice(0, opts.truncateTo);
  const meta = {
    Optics: { AccelerationVoltage: '200000' }, Scan: { DwellTime: '1e-05' },
    BinaryResult: { Detector: 'SuperXG21', PixelSize: { width: '1e-09', height: '1e-09' }, PixelUnitX: 'm', PixelUnitY: 'm' },
    Detectors: { 'Detector-0': { DetectorName: 'SuperXG21', DetectorType: 'AnalyticalDetector', Dispersion: '10', OffsetEnergy: '-100', LiveTime: '0.5', RealTime: '0.6' } },
  };
  const imgMeta = { BinaryResult: { Detector: 'HAADF', PixelSize: { width: '1e-09', height: '1e-09' }, PixelUnitX: 'm' }, Optics: { AccelerationVoltage: '200000' } };
  const mbytes = json(meta);
  const ibytes = json(imgMeta);
  const nodes: H5WriteNode[] = [
    { kind: 'group', path: '/' },
    { kind: 'dataset', path: '/Version', data: JSON.stringify({ format: 'Velox', version: '11' }) },
    { kind: 'group', path: '/Data' },
    { kind: 'group', path: '/Data/Image' },
    { kind: 'group', path: '/Data/Image/aaaa' },
    { kind: 'dataset', path: '/Data/Image/aaaa/Data', data: Float32Array.from({ length: rows * cols }, (_, i) => 100 + i), shape: [rows, cols, 1] },
    { kind: 'dataset', path: '/Data/Image/aaaa/Metadata', data: ibytes, shape: [ibytes.length, 1] },
    { kind: 'group', path: '/Data/SpectrumStream' },
    { kind: 'group', path: '/Data/SpectrumStream/bbbb' },
    // Uint16 is what Velox writes; the worker hands any typed array to h5wasm.
    { kind: 'dataset', path: '/Data/SpectrumStream/bbbb/Data', data: stream as unknown as Int32Array, shape: [stream.length, 1] },
    { kind: 'dataset', path: '/Data/SpectrumStream/bbbb/AcquisitionSettings', data: JSON.stringify({ bincount: String(channels), StreamEncoding: 'uint16', RasterScanDefinition: { Width: String(cols), Height: String(rows) } }) },
    { kind: 'dataset', path: '/Data/SpectrumStream/bbbb/FrameLocationTable', data: Float64Array.from(starts), shape: [starts.length, 1] },
    { kind: 'dataset', path: '/Data/SpectrumStream/bbbb/Metadata', data: mbytes, shape: [mbytes.length, 1] },
  ];
  await h5Request<void>({ op: 'write', file, nodes }, 20_000);
}
