// A spectrum image as fusem sees it (issue 11): counts per pixel per energy channel, the energy axis, the acquisition.

/** Calibrated energy axis: E(i) = offset + scale · i, in `unit` ('eV' or 'keV'). */
export interface EnergyAxis {
  size: number;
  offset: number;
  scale: number;
  unit: string;
}

export type SpectrumKind = 'EELS' | 'EDX';

/** What the file says about the acquisition (null where it says nothing). */
export interface SpectrumAcquisition {
  /** Beam energy in keV. */
  beamEnergyKeV: number | null;
  /** Pixel dwell time in s. */
  dwellTime: number | null;
  /** EDX live/real time in s (whole acquisition, per detector summed where several). */
  liveTime: number | null;
  realTime: number | null;
  /** Detector or spectrometer name(s). */
  detector: string | null;
  /** EDX resolution (FWHM, eV) at Mn Kα as the file states it, else null. */
  resolutionMnKa: number | null;
  /** Frames summed into this SI, and the frame count the file holds. */
  frames: number | null;
  framesInFile: number | null;
  /** EELS convergence and collection semi-angles (mrad). */
  convergenceAngle: number | null;
  collectionAngle: number | null;
}

/** Values the typed array may hold (counts as stored: integers from streams, floats from DM/HyperSpy). */
export type CubeArray = Float32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array | Int16Array | Int32Array;

/**
 * A spectrum image: `rows × cols` pixels × `energy.size` channels. The value of pixel p = y·cols + x in
 * channel c is `data[p · pixelStride + c · channelStride]` (pixel-major files have channelStride 1, DM's
 * channel-major spectrum images pixelStride 1), so no reader has to transpose (memory: one copy of the SI).
 */
export interface SpectrumImage {
  title: string;
  kind: SpectrumKind;
  rows: number;
  cols: number;
  energy: EnergyAxis;
  data: CubeArray;
  pixelStride: number;
  channelStride: number;
  pixelSize: [number, number] | null;
  unit: string | null;
  acquisition: SpectrumAcquisition;
  /** Where it came from: file, format, dataset path. */
  source: { file: string; format: string; path?: string };
  /** What the reader chose and why (frames summed, detectors summed, defaults used). */
  notes: string[];
}

/** A single spectrum (for display; a 1×1 spectrum image in all but name). */
export interface Spectrum {
  title: string;
  kind: SpectrumKind;
  energy: EnergyAxis;
  counts: Float64Array;
  acquisition: SpectrumAcquisition;
  source: { file: string; format: string; path?: string };
}

export function emptyAcquisition(): SpectrumAcquisition {
  return {
    beamEnergyKeV: null, dwellTime: null, liveTime: null, realTime: null, detector: null, resolutionMnKa: null,
    frames: null, framesInFile: null, convergenceAngle: null, collectionAngle: null,
  };
}
