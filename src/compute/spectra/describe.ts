// How `fusem info` and the Import dialog describe a spectrum image or a spectrum: shape, energy axis, acquisition (issue 11).

import type { Spectrum, SpectrumAcquisition, SpectrumImage } from './types.js';
import { energyAt } from './cube.js';

export interface SpectrumInfo {
  kind: 'spectrum image' | 'spectrum';
  title: string;
  signal: 'EELS' | 'EDX';
  /** [rows, cols, channels] or [channels]. */
  shape: number[];
  energy: { offset: number; scale: number; size: number; unit: string; first: number; last: number };
  acquisition: SpectrumAcquisition;
  notes: string[];
  text: string;
}

function acqText(a: SpectrumAcquisition): string {
  const parts: string[] = [];
  if (a.beamEnergyKeV !== null) parts.push(`${a.beamEnergyKeV} kV`);
  if (a.dwellTime !== null) parts.push(`dwell ${a.dwellTime} s`);
  if (a.liveTime !== null) parts.push(`live time ${a.liveTime.toPrecision(4)} s`);
  if (a.frames !== null) parts.push(`${a.frames}${a.framesInFile !== null ? ` of ${a.framesInFile}` : ''} frame${a.frames === 1 ? '' : 's'}`);
  if (a.detector !== null) parts.push(`detector ${a.detector}`);
  if (a.resolutionMnKa !== null) parts.push(`FWHM(Mn Kα) ${a.resolutionMnKa} eV`);
  return parts.join(', ');
}

function axisInfo(e: SpectrumImage['energy']): SpectrumInfo['energy'] {
  return { ...e, first: energyAt(e, 0), last: energyAt(e, e.size - 1) };
}

const fmt = (v: number): string => Number(v.toPrecision(6)).toString();

export function describeSpectrumImage(si: SpectrumImage): SpectrumInfo {
  const e = axisInfo(si.energy);
  return {
    kind: 'spectrum image', title: si.title, signal: si.kind, shape: [si.rows, si.cols, si.energy.size], energy: e,
    acquisition: si.acquisition, notes: si.notes,
    text: `${si.kind} spectrum image '${si.title}'  ${si.rows}×${si.cols} pixels × ${si.energy.size} channels, ${fmt(e.first)}–${fmt(e.last)} ${e.unit} at ${fmt(e.scale)} ${e.unit}/channel; ${acqText(si.acquisition)}  (map it: fusem maps FILE --elements …)`,
  };
}

export function describeSpectrum(s: Spectrum): SpectrumInfo {
  const e = axisInfo(s.energy);
  return {
    kind: 'spectrum', title: s.title, signal: s.kind, shape: [s.energy.size], energy: e, acquisition: s.acquisition, notes: [],
    text: `${s.kind} spectrum '${s.title}'  ${s.energy.size} channels, ${fmt(e.first)}–${fmt(e.last)} ${e.unit} at ${fmt(e.scale)} ${e.unit}/channel; ${acqText(s.acquisition)}`,
  };
}
