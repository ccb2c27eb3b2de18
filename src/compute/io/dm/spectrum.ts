// DigitalMicrograph spectrum images (3-D: x, y, energy) and single spectra (1-D), from the records parseDm makes.
// DM stores the first dimension fastest, so a spectrum image's C-order array is [energy, y, x]: channel-major,
// read in place through strides (no transpose). Energy: E(i) = (i − origin)·scale (DM calibration convention).

import { emptyAcquisition, type EnergyAxis, type Spectrum, type SpectrumAcquisition, type SpectrumImage, type SpectrumKind } from '../../spectra/types.js';
import type { ImageRecord } from '../types.js';

interface DmAxis { size: number; scale: number; origin: number; units: string | null }

function get(o: unknown, ...keys: string[]): unknown {
  let cur = o;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** EELS or EDX from the DM tags (Meta Data:Signal 'EELS' / 'X-ray'), else from the signal the reader classified. */
function kindOf(r: ImageRecord): SpectrumKind | null {
  const s = str(get(r.metadata['imageTags'], 'Meta Data', 'Signal'));
  if (s === 'EELS') return 'EELS';
  if (s && /x-?ray|eds|edx/i.test(s)) return 'EDX';
  return r.signal === 'EELS' ? 'EELS' : r.signal === 'EDX' ? 'EDX' : null;
}

function energyAxis(a: DmAxis): EnergyAxis {
  const unit = a.units ?? 'eV';
  return { size: a.size, scale: a.scale, offset: -a.origin * a.scale, unit };
}

function acquisition(tags: unknown, kind: SpectrumKind): SpectrumAcquisition {
  const acq = emptyAcquisition();
  const volts = num(get(tags, 'Microscope Info', 'Voltage'));
  acq.beamEnergyKeV = volts !== null ? volts / 1000 : null;
  if (kind === 'EELS') {
    acq.dwellTime = num(get(tags, 'EELS', 'Acquisition', 'Exposure (s)'));
    acq.frames = num(get(tags, 'EELS', 'Acquisition', 'Number of frames'));
    acq.detector = str(get(tags, 'EELS Spectrometer', 'Instrument name'));
    acq.convergenceAngle = num(get(tags, 'EELS', 'Experimental Conditions', 'Convergence semi-angle (mrad)'));
    acq.collectionAngle = num(get(tags, 'EELS', 'Experimental Conditions', 'Collection semi-angle (mrad)'));
  } else {
    acq.liveTime = num(get(tags, 'EDS', 'Live time'));
    acq.realTime = num(get(tags, 'EDS', 'Real time'));
    acq.detector = str(get(tags, 'EDS', 'Detector Info', 'Detector type'));
    // DM's EDS tags hold no Mn Kα resolution; 'Zero fwhm' (keV) is the noise peak width, not that.
    acq.resolutionMnKa = num(get(tags, 'EDS', 'Detector Info', 'Energy resolution (eV)'));
  }
  return acq;
}

function axesOf(r: ImageRecord): DmAxis[] {
  const a = r.metadata['axes'];
  return Array.isArray(a) ? (a as DmAxis[]) : [];
}

/** A 3-D DM EELS/EDX record as a spectrum image; null for anything else. */
export function dmSpectrumImage(r: ImageRecord, file: string): SpectrumImage | null {
  const kind = kindOf(r);
  const axes = axesOf(r);
  if (!kind || r.shape.length !== 3 || axes.length !== 3) return null;
  const [x, y, e] = axes as [DmAxis, DmAxis, DmAxis]; // DM order: x, y, energy
  const tags = r.metadata['imageTags'];
  return {
    title: r.title, kind, rows: y.size, cols: x.size, energy: energyAxis(e),
    data: r.data, pixelStride: 1, channelStride: x.size * y.size,
    pixelSize: [y.scale, x.scale], unit: x.units ?? y.units,
    acquisition: acquisition(tags, kind),
    source: { file, format: String(r.metadata['format'] ?? 'dm'), path: `ImageList/${String(r.metadata['imageIndex'] ?? '')}` },
    notes: [],
  };
}

/** A 1-D DM EELS/EDX record as a spectrum; null for anything else. */
export function dmSpectrum(r: ImageRecord, file: string): Spectrum | null {
  const kind = kindOf(r);
  const axes = axesOf(r);
  if (!kind || r.shape.length !== 1 || axes.length !== 1) return null;
  return {
    title: r.title, kind, energy: energyAxis(axes[0]!), counts: Float64Array.from(r.data),
    acquisition: acquisition(r.metadata['imageTags'], kind),
    source: { file, format: String(r.metadata['format'] ?? 'dm') },
  };
}
