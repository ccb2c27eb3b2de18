// The shapes every reader returns (DESIGN.md §2 io/, §3): images with calibration, and datasets for fusion.

/** What an image shows: a STEM detector signal or an element map. */
export type SignalKind = 'HAADF' | 'DF' | 'BF' | 'EDX' | 'EELS' | 'other';

/** One image (or 1-D signal, or frame stack) a file holds, with its calibration and metadata. */
export interface ImageRecord {
  title: string;
  signal: SignalKind;
  /** Element symbol for an element map, else null. */
  element: string | null;
  /** [rows, cols], [frames, rows, cols], [n] for 1-D signals, [rows, cols, channels] for colour images. */
  shape: number[];
  /** NumPy name of the stored type ('uint16', 'float32', 'bool', ...). */
  dtype: string;
  /** Values as float32, frames concatenated (C order over `shape`). */
  data: Float32Array;
  /** Sum of the stored values, computed in float64 (exact for integer data up to 2^53). */
  sum: number;
  /** Pixel size [y, x] in `unit`, or null when the file has no spatial calibration. */
  pixelSize: [number, number] | null;
  unit: string | null;
  /** True when every value is zero: listed, flagged, never silently used. */
  allZero: boolean;
  /** Format-specific metadata (detector, dwell time, beam current, original tags...). */
  metadata: Record<string, unknown>;
}

/** A HAADF (or dark-field) image plus labelled element maps on the same grid. */
export interface Dataset {
  width: number;
  height: number;
  haadf: Float32Array;
  haadfTitle: string;
  maps: { element: string; data: Float32Array; title: string }[];
  pixelSize: [number, number] | null;
  unit: string | null;
  /** What was chosen and why. */
  notes: string[];
}
