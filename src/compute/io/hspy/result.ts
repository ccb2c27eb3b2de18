// The whole fusion result as one file: what fusem writes to result.hspy and reads back.

/** Everything a fusion produced, with its inputs and calibration. */
export interface FusionResultFile {
  width: number;
  height: number;
  pixelSize: [number, number] | null;
  unit: string | null;
  /** Element symbols, in the order of the maps. */
  elements: string[];
  haadf: Float32Array;
  haadfTitle?: string;
  /** The element maps as read (before fusion). */
  inputs: { element: string; data: Float32Array }[];
  fused: { element: string; data: Float32Array }[];
  /** Standard-error maps, when computed. */
  stderr?: { element: string; data: Float32Array }[];
  /** Fusion parameters (gamma, lambdas, iterations, weighting, ...), JSON-serialisable. */
  parameters: Record<string, unknown>;
  /** Per-iteration cost terms by name (e.g. haadf, chem, tv, total). */
  costHistory: Record<string, number[]>;
  notes?: string[];
  /** Versions, wall time, backend: anything else to keep, JSON-serialisable. */
  provenance?: Record<string, unknown>;
}
