// The spectrum requests the compute host answers beside its job queue (issue 11; spectrum-requests.ts answers them):
// types only, so that the protocol (which the app's API contract reads) stays free of Node modules.

import type { ElementMaps, MapRequest } from '../spectra/make-maps.js';
import type { SpectrumImage } from '../spectra/types.js';
import type { markersOnAxis, SpectrumRegion } from '../spectra/views.js';

/** Frames of a Velox SpectrumStream, 0-based inclusive (io/spectra/read.ts FrameSelection). */
export interface SpectrumFrames { first: number; last: number }

export type { SpectrumRegion };

/** What the host asks about a spectrum-image file. */
export type SpectrumOperation =
  | { op: 'summary'; file: string; frames?: SpectrumFrames }
  | { op: 'region'; file: string; frames?: SpectrumFrames; region: SpectrumRegion }
  | { op: 'map'; file: string; frames?: SpectrumFrames; request: MapRequest };

/** An SI as the spectrum panel shows it, without its cube. */
export interface SpectrumSummary {
  kind: SpectrumImage['kind'];
  title: string;
  rows: number;
  cols: number;
  energy: SpectrumImage['energy'];
  acquisition: SpectrumImage['acquisition'];
  pixelSize: SpectrumImage['pixelSize'];
  unit: SpectrumImage['unit'];
  notes: string[];
  sum: Float32Array;
  markers: ReturnType<typeof markersOnAxis>;
  /** The HAADF acquired with it on its grid (frames summed), else null; `counts`: its total counts per pixel then. */
  haadf: Float32Array | null;
  haadfTitle: string | null;
  counts: Float32Array | null;
}

/** Element maps of an SI, with the HAADF on the maps' grid (binned alike) and what the fusion inputs need of the SI. */
export interface SpectrumMapped {
  maps: ElementMaps;
  haadf: Float32Array | null;
  haadfTitle: string | null;
  si: { title: string; rows: number; cols: number };
  wallMs: number;
}

export interface SpectrumValues {
  summary: SpectrumSummary;
  region: { pixels: number; counts: Float32Array };
  map: SpectrumMapped;
}

