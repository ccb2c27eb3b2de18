// A spectrum image (and the HAADF acquired with it) as a HyperSpy-loadable .hspy file: the 3-D EELS / EDS_TEM
// signal (y, x navigation; energy signal axis with its offset) and a 2-D HAADF. fusem's readers read it back
// (hspy/spectrum.ts); `fusem simulate PHANTOM --spectrum-image eels|edx` writes one.

import { withTempFile } from '../atomic.js';
import { h5Request, timeoutFor, type H5AttrSpec, type H5WriteNode } from '../hdf5/client.js';
import type { SpectrumImage } from '../../spectra/types.js';

const str = (value: string): H5AttrSpec => ({ value });
const f64 = (value: number): H5AttrSpec => ({ value, dtype: '<d' });
const i64 = (value: number): H5AttrSpec => ({ value, dtype: '<q' });
const i8 = (value: number): H5AttrSpec => ({ value, dtype: '<b' });

interface Axis { name: string; size: number; scale: number; offset: number; units: string | null; navigate: boolean }

function signalNodes(name: string, title: string, signalType: string, data: ArrayBufferView, axes: Axis[]): H5WriteNode[] {
  const g = `/Experiments/${name}`;
  const nodes: H5WriteNode[] = [
    { kind: 'group', path: g },
    { kind: 'dataset', path: `${g}/data`, data: data as Float32Array, shape: axes.map((a) => a.size) },
  ];
  axes.forEach((a, i) => nodes.push({
    kind: 'group', path: `${g}/axis-${i}`,
    attrs: { name: str(a.name), size: i64(a.size), scale: f64(a.scale), offset: f64(a.offset), units: str(a.units ?? '<undefined>'), navigate: i8(a.navigate ? 1 : 0), is_binned: i8(0) },
  }));
  nodes.push(
    { kind: 'group', path: `${g}/metadata` },
    { kind: 'group', path: `${g}/metadata/General`, attrs: { title: str(title) } },
    { kind: 'group', path: `${g}/metadata/Signal`, attrs: { signal_type: str(signalType), quantity: str('Intensity') } },
  );
  return nodes;
}

/** The write plan (exported for tests). The SI must be pixel-major (channelStride 1), as the simulator makes it. */
export function spectrumImageNodes(si: SpectrumImage, haadf: Float32Array | null): H5WriteNode[] {
  if (si.channelStride !== 1 || si.pixelStride !== si.energy.size) throw new Error('writeSpectrumImageHspy: the SI must be pixel-major');
  const [py, px] = si.pixelSize ?? [1, 1];
  const unit = si.pixelSize ? si.unit : null;
  const grid = (navigate: boolean): Axis[] => [
    { name: 'y', size: si.rows, scale: py, offset: 0, units: unit, navigate },
    { name: 'x', size: si.cols, scale: px, offset: 0, units: unit, navigate },
  ];
  const e = si.energy;
  const nodes: H5WriteNode[] = [
    { kind: 'group', path: '/', attrs: { file_format: str('HyperSpy'), file_format_version: str('3.1') } },
    { kind: 'group', path: '/Experiments' },
    ...signalNodes('SI', si.title, si.kind === 'EELS' ? 'EELS' : 'EDS_TEM', si.data, [...grid(true), { name: 'Energy', size: e.size, scale: e.scale, offset: e.offset, units: e.unit, navigate: false }]),
  ];
  const a = si.acquisition;
  const tem = '/Experiments/SI/metadata/Acquisition_instrument/TEM';
  nodes.push({ kind: 'group', path: '/Experiments/SI/metadata/Acquisition_instrument' });
  nodes.push({ kind: 'group', path: tem, attrs: a.beamEnergyKeV !== null ? { beam_energy: f64(a.beamEnergyKeV) } : {} });
  nodes.push({ kind: 'group', path: `${tem}/Detector` });
  if (si.kind === 'EDX') {
    nodes.push({ kind: 'group', path: `${tem}/Detector/EDS`, attrs: { ...(a.resolutionMnKa !== null ? { energy_resolution_MnKa: f64(a.resolutionMnKa) } : {}), ...(a.detector ? { detector_type: str(a.detector) } : {}) } });
  } else {
    nodes.push({ kind: 'group', path: `${tem}/Detector/EELS`, attrs: a.detector ? { spectrometer: str(a.detector) } : {} });
  }
  if (haadf) {
    if (haadf.length !== si.rows * si.cols) throw new Error(`writeSpectrumImageHspy: the HAADF has ${haadf.length} values, the SI ${si.rows}×${si.cols} pixels`);
    nodes.push(...signalNodes('HAADF', 'HAADF', '', haadf, grid(false)));
  }
  return nodes;
}

/** Write `si` (with its HAADF) as one .hspy file, atomically. */
export async function writeSpectrumImageHspy(file: string, si: SpectrumImage, haadf: Float32Array | null): Promise<void> {
  const nodes = spectrumImageNodes(si, haadf);
  await withTempFile(file, async (tmp) => {
    await h5Request<void>({ op: 'write', file: tmp, nodes }, timeoutFor(si.data.byteLength) + 60_000);
  });
}
