// HyperSpy .hspy spectrum images (3-D: y, x navigation + one energy signal axis) and spectra (1-D), with the
// acquisition from metadata/Acquisition_instrument/{TEM,SEM}(/Detector/{EDS,EELS}).

import { asNumber, asString, type H5Tree } from '../hdf5/tree.js';
import { emptyAcquisition, type CubeArray, type SpectrumAcquisition, type Spectrum, type SpectrumImage, type SpectrumKind } from '../../spectra/types.js';
import { hspyAxes, type HspyAxis } from './read.js';

function kindOf(signalType: string, energy: HspyAxis): SpectrumKind | null {
  if (/^EELS/i.test(signalType)) return 'EELS';
  if (/^EDS/i.test(signalType)) return 'EDX';
  if (energy.units === 'eV') return 'EELS';
  if (energy.units === 'keV') return 'EDX';
  return null;
}

function acquisition(tree: H5Tree, g: string): SpectrumAcquisition {
  const acq = emptyAcquisition();
  const base = tree.get(`${g}/metadata/Acquisition_instrument/TEM`) ? `${g}/metadata/Acquisition_instrument/TEM` : `${g}/metadata/Acquisition_instrument/SEM`;
  const at = (path: string, key: string): number | null => asNumber(tree.get(path)?.attrs[key]);
  acq.beamEnergyKeV = at(base, 'beam_energy');
  acq.convergenceAngle = at(base, 'convergence_angle');
  const eds = `${base}/Detector/EDS`;
  const eels = `${base}/Detector/EELS`;
  acq.liveTime = at(eds, 'live_time');
  acq.realTime = at(eds, 'real_time');
  acq.resolutionMnKa = at(eds, 'energy_resolution_MnKa');
  acq.collectionAngle = at(eels, 'collection_angle');
  acq.dwellTime = at(eels, 'dwell_time') ?? at(eels, 'exposure') ?? at(base, 'dwell_time');
  acq.detector = asString(tree.get(eds)?.attrs['detector_type']) ?? asString(tree.get(eels)?.attrs['spectrometer']) ?? null;
  return acq;
}

function isCube(v: unknown): v is CubeArray {
  return v instanceof Float32Array || v instanceof Float64Array || v instanceof Uint8Array || v instanceof Uint16Array
    || v instanceof Uint32Array || v instanceof Int16Array || v instanceof Int32Array;
}

/** The spectrum images and spectra of a .hspy file. */
export async function hspySpectra(tree: H5Tree): Promise<{ spectrumImages: SpectrumImage[]; spectra: Spectrum[] }> {
  const spectrumImages: SpectrumImage[] = [];
  const spectra: Spectrum[] = [];
  for (const g of tree.children('/Experiments')) {
    const data = tree.get(`${g.path}/data`);
    if (g.kind !== 'group' || !data || data.kind !== 'dataset' || !data.shape) continue;
    const nd = data.shape.length;
    if (nd !== 1 && nd !== 3) continue;
    const axes = hspyAxes(tree, g.path, nd);
    const signalAxes = axes.map((a, i) => ({ a, i })).filter(({ a }) => !a.navigate);
    if (signalAxes.length !== 1 || signalAxes[0]!.i !== nd - 1) continue; // energy must be the last (signal) axis
    const energyAxis = signalAxes[0]!.a;
    const signalType = asString(tree.get(`${g.path}/metadata/Signal`)?.attrs['signal_type']) ?? '';
    const kind = kindOf(signalType, energyAxis);
    if (!kind) continue;
    const title = asString(tree.get(`${g.path}/metadata/General`)?.attrs['title']) ?? g.path.slice(g.path.lastIndexOf('/') + 1);
    const values = await tree.readNumeric(data.path);
    const energy = { size: energyAxis.size, scale: energyAxis.scale, offset: energyAxis.offset, unit: energyAxis.units ?? (kind === 'EDX' ? 'keV' : 'eV') };
    const source = { file: tree.file, format: 'hspy', path: data.path };
    const acq = acquisition(tree, g.path);
    if (nd === 1) {
      spectra.push({ title, kind, energy, counts: Float64Array.from(values as ArrayLike<number>), acquisition: acq, source });
      continue;
    }
    const [ya, xa] = [axes[0]!, axes[1]!];
    spectrumImages.push({
      title, kind, rows: data.shape[0]!, cols: data.shape[1]!, energy,
      data: isCube(values) ? values : Float64Array.from(values as ArrayLike<number>),
      pixelStride: energy.size, channelStride: 1,
      pixelSize: [ya.scale, xa.scale], unit: xa.units, acquisition: acq, source, notes: [],
    });
  }
  return { spectrumImages, spectra };
}
