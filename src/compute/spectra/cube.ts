// Reading spectra out of a spectrum image without copying it: one pixel, a pixel block, the sum spectrum, binning.

import type { EnergyAxis, SpectrumImage } from './types.js';

/** Energy of channel i (bin centre as the file calibrates it). */
export function energyAt(axis: EnergyAxis, i: number): number {
  return axis.offset + axis.scale * i;
}

/** The channel nearest energy e (may lie outside [0, size)). */
export function channelOf(axis: EnergyAxis, e: number): number {
  return Math.round((e - axis.offset) / axis.scale);
}

/** Energy in eV of a value in the axis' unit. */
export function toEv(axis: EnergyAxis, v: number): number {
  return axis.unit === 'keV' ? v * 1000 : v;
}

/** Value in the axis' unit of an energy in eV. */
export function fromEv(axis: EnergyAxis, ev: number): number {
  return axis.unit === 'keV' ? ev / 1000 : ev;
}

/** Energy range [first, last] channel energies in eV. */
export function rangeEv(axis: EnergyAxis): [number, number] {
  return [toEv(axis, energyAt(axis, 0)), toEv(axis, energyAt(axis, axis.size - 1))];
}

/** Add pixel p's channels [c0, c1) into out[0 .. c1-c0). */
export function addSpectrum(si: SpectrumImage, p: number, c0: number, c1: number, out: Float64Array): void {
  const { data, pixelStride: ps, channelStride: cs } = si;
  let k = p * ps + c0 * cs;
  for (let c = c0; c < c1; c++, k += cs) out[c - c0] += data[k]!;
}

/** The spectrum summed over the block of pixels [y0, y1) × [x0, x1) (a region, the cursor's pixel, or all). */
export function blockSpectrum(si: SpectrumImage, y0: number, y1: number, x0: number, x1: number): Float64Array {
  const out = new Float64Array(si.energy.size);
  for (let y = Math.max(0, y0); y < Math.min(si.rows, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(si.cols, x1); x++) addSpectrum(si, y * si.cols + x, 0, si.energy.size, out);
  }
  return out;
}

/** The sum spectrum over all pixels. */
export function sumSpectrum(si: SpectrumImage): Float64Array {
  return blockSpectrum(si, 0, si.rows, 0, si.cols);
}

/**
 * Bin a spectrum image: `energyBin` channels and `pixelBin`×`pixelBin` pixels summed (counts stay counts;
 * trailing channels/pixels that do not fill a bin are dropped). Returns a new, smaller pixel-major SI in float32.
 */
export function binSpectrumImage(si: SpectrumImage, energyBin: number, pixelBin: number): SpectrumImage {
  if (energyBin === 1 && pixelBin === 1) return si;
  const rows = Math.floor(si.rows / pixelBin);
  const cols = Math.floor(si.cols / pixelBin);
  const channels = Math.floor(si.energy.size / energyBin);
  const out = new Float32Array(rows * cols * channels);
  const scratch = new Float64Array(channels * energyBin);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      scratch.fill(0);
      for (let dy = 0; dy < pixelBin; dy++) {
        for (let dx = 0; dx < pixelBin; dx++) addSpectrum(si, (y * pixelBin + dy) * si.cols + x * pixelBin + dx, 0, channels * energyBin, scratch);
      }
      const base = (y * cols + x) * channels;
      for (let c = 0; c < channels; c++) {
        let s = 0;
        for (let k = 0; k < energyBin; k++) s += scratch[c * energyBin + k]!;
        out[base + c] = s;
      }
    }
  }
  const e = si.energy;
  // Centre of a bin of `energyBin` channels: mean of their centres.
  const energy = { size: channels, scale: e.scale * energyBin, offset: e.offset + (e.scale * (energyBin - 1)) / 2, unit: e.unit };
  const notes = [...si.notes];
  if (energyBin > 1) notes.push(`energy binned by ${energyBin} (${channels} channels of ${energy.scale} ${e.unit})`);
  if (pixelBin > 1) notes.push(`pixels binned ${pixelBin}×${pixelBin} (${rows}×${cols})`);
  return {
    ...si, rows, cols, energy, data: out, pixelStride: channels, channelStride: 1,
    pixelSize: si.pixelSize ? [si.pixelSize[0] * pixelBin, si.pixelSize[1] * pixelBin] : null, notes,
  };
}
