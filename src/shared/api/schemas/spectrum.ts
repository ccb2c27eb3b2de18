// spectrum.*: a dataset that is a spectrum image (EELS / EDX, issue 11) — its spectra, the elements whose edges or
// lines it covers, live element maps made by src/compute/spectra, and the project's map settings that fusion and the
// watcher use.

import { z } from '../z.js';
import { ElementImage, ElementSymbol, Float32, Id } from './common.js';

const Ev = z.number().min(-1e6).max(1e7);
/** An energy window [start, end] in eV (start < end). */
export const EnergyWindow = z.tuple([Ev, Ev]).refine(([a, b]) => a < b, 'a window must start below its end');

/**
 * How element maps are made from a spectrum image (src/compute/spectra/make-maps.ts MapRequest): the elements, their
 * edge/line, the windows (eV) that override the defaults, binning, EDX method and resolution. Kept in project.json.
 */
export const MapSettings = z.strictObject({
  elements: z.array(ElementSymbol).max(32),
  lines: z.record(ElementSymbol, z.string().min(1).max(8)).optional(),
  preEdge: z.record(ElementSymbol, EnergyWindow).optional(),
  signal: z.record(ElementSymbol, EnergyWindow).optional(),
  background: z.record(ElementSymbol, z.array(EnergyWindow).min(1).max(2)).optional(),
  edxMethod: z.enum(['fit', 'windows']).optional(),
  energyBin: z.number().int().min(1).max(64).optional(),
  pixelBin: z.number().int().min(1).max(64).optional(),
  resolutionMnKa: z.number().min(20).max(1000).optional(),
  /** Frames of a Velox SpectrumStream to sum, 0-based inclusive (absent: all). */
  frames: z.strictObject({ first: z.number().int().min(0).max(1_000_000), last: z.number().int().min(0).max(1_000_000) })
    .refine((f) => f.first <= f.last, 'the first frame must not come after the last').optional(),
});
export type MapSettings = z.output<typeof MapSettings>;

/** The project's map settings: one set per technique (an EELS window means nothing on an EDX axis). */
export const ProjectMapSettings = z.strictObject({ EELS: MapSettings.optional(), EDX: MapSettings.optional() });
export type SpectrumKind = 'EELS' | 'EDX';

export const EnergyAxisSchema = z.object({ size: z.number().int().min(1), offset: z.number(), scale: z.number(), unit: z.string().max(16) });

/** Where an element's edge or line lies on the axis (eV), for the periodic table and the spectrum's markers. */
export const ElementMarker = z.object({ element: ElementSymbol, name: z.string().max(16), energyEv: z.number() });

export const SpectrumGetParams = z.strictObject({ datasetId: Id });
export const SpectrumInfo = z.object({
  datasetId: Id,
  kind: z.enum(['EELS', 'EDX']),
  title: z.string().max(1000),
  rows: z.number().int().min(1),
  cols: z.number().int().min(1),
  energy: EnergyAxisSchema,
  /** The sum spectrum over all pixels (counts per channel). */
  sum: Float32,
  /** Beam energy, dwell, live time, detector, resolution, frames: as the file says (null where it does not). */
  acquisition: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  /** Edges (EELS) or lines (EDX) inside the energy axis, per element. */
  markers: z.array(ElementMarker),
  /** The project's map settings (what fusion uses). */
  settings: MapSettings,
  /** The file holds a HAADF on the SI's grid (else the image shown is the SI's total counts, and fusion is refused). */
  hasHaadf: z.boolean(),
  notes: z.array(z.string().max(2000)),
});
export type SpectrumInfo = z.output<typeof SpectrumInfo>;

/** A pixel, or the rectangle [x0, x1) × [y0, y1) of pixels (image coordinates). */
export const SpectrumRegion = z.union([
  z.strictObject({ kind: z.literal('point'), x: z.number().int().min(0), y: z.number().int().min(0) }),
  z.strictObject({ kind: z.literal('rect'), x0: z.number().int().min(0), y0: z.number().int().min(0), x1: z.number().int().min(1), y1: z.number().int().min(1) }),
]);
export const SpectrumRegionParams = z.strictObject({ datasetId: Id, region: SpectrumRegion });
export const SpectrumRegionResult = z.object({ pixels: z.number().int().min(0), counts: Float32 });

export const MapProvenanceSchema = z.object({
  element: ElementSymbol,
  technique: z.enum(['EELS', 'EDX']),
  line: z.string().max(16),
  method: z.string().max(2000),
  /** The windows the maps were made with (eV): EELS preEdge + signal, EDX signal + background, or the fit's regions. */
  windows: z.record(z.string(), z.union([EnergyWindow, z.array(EnergyWindow)])),
  totalCounts: z.number(),
  notes: z.array(z.string().max(2000)),
});

export const SpectrumMapParams = z.strictObject({ datasetId: Id, settings: MapSettings });
export const SpectrumMapResult = z.object({
  maps: z.array(ElementImage),
  provenance: z.array(MapProvenanceSchema),
  notes: z.array(z.string().max(2000)),
  wallMs: z.number(),
});
export type SpectrumMapResult = z.output<typeof SpectrumMapResult>;

/** Keep these map settings in the project: fusion, dataset.get and the watcher use them from now on. */
export const SpectrumApplyParams = z.strictObject({ datasetId: Id, settings: MapSettings });
