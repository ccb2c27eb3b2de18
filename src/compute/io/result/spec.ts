// The result folder of a fusion as a format (DESIGN.md §4), written by write.ts and read by read.ts, the same for
// `fusem fuse --out DIR`, a project's results/<id>/, the watcher's results and the app:
//   fused_<El>.npy, fused_<El>.tif   the fused map of element El (float32, the input's shape, result units)
//   stderr_<El>.npy                  its per-pixel standard error, when computed (same units)
//   report.json                      FuseReport: parameters, elements, shape, per-iteration costs, wall time,
//                                    backend, versions, and (when computed) `auto`, `stderr` and `stoichiometry`
// A project's results/<id>/ adds provenance.json (main/services/project/results.ts).

import type { FusionResult } from '../../solve/fuse.js';
import type { AutoParamsReport } from '../../autoparams/report.js';
import type { StandardErrors, StderrReport } from '../../uncertainty/index.js';
import type { Stoichiometry } from '../../kfactors/index.js';

export const REPORT_FILE = 'report.json';
export const fusedNpyFile = (element: string): string => `fused_${element}.npy`;
export const fusedTiffFile = (element: string): string => `fused_${element}.tif`;
export const stderrNpyFile = (element: string): string => `stderr_${element}.npy`;

/** An input file as the report records it. */
export interface InputFileRecord { role: string; file: string; sha256: string; title?: string }

/** Where the inputs came from and how they are calibrated. */
export interface InputProvenance {
  files: InputFileRecord[];
  pixelSize: [number, number] | null;
  unit: string | null;
  notes: string[];
}

export interface FuseReport {
  fusem: string;
  command: 'fuse';
  created: string;
  inputs: InputFileRecord[];
  notes: string[];
  elements: string[];
  shape: [number, number];
  pixelSize: [number, number] | null;
  pixelUnit: string | null;
  units: string;
  params: FusionResult['params'];
  weights: number[];
  weighting: string;
  normalisation: FusionResult['normalisation'];
  /** The data term chosen for the maps, why, and the weight and ε the kernels applied (λ_chem·√(κ/κ_ref); pseudo-counts/κ). */
  dataTerm?: FusionResult['dataTerm'];
  kernelLambdaChem?: number;
  kernelEps?: number;
  start: FusionResult['start'];
  iterationsRun: number;
  stoppedBy: FusionResult['stoppedBy'];
  /** The stopping criterion, its tolerance and the value reached (FusionResult.convergence). */
  convergence?: FusionResult['convergence'];
  history: FusionResult['history'];
  backend: string;
  threads: number;
  wallMs: number;
  versions: { fusem: string; node: string; platform: string };
  files: string[];
  /** With --auto: how λ_TV and λ_chem were chosen, and the validation curve. */
  auto?: AutoParamsReport;
  /** With --stderr: the average standard error per element and how it was computed (maps in stderr_<El>.npy). */
  stderr?: StderrReport;
  /** What the compositions are: given factors, k-ratios estimated from the HAADF (± and verdict), or uncalibrated. */
  stoichiometry?: StoichiometryReport;
}

/** The report's stoichiometry section: the basis, the unit label, the sensitivities, and the whole-image composition. */
export interface StoichiometryReport extends Stoichiometry {
  /** Mean composition over non-vacuum pixels (fractions) in `unit`, with the part of its error due to the sensitivities (kept for compatibility: biased by the fusion's smoothing of weak maps). */
  composition: { element: string; mean: number; kError: number }[] | null;
  /** What `composition` is (one sentence). */
  compositionDefinition: string;
  /** The whole field's composition from the summed measured maps over the same non-vacuum pixels: not biased by the fusion; null without the input maps or signal. */
  summedComposition?: SummedCompositionReport | null;
  /** Map counts per atom: what the sensitivities mean (Cliff–Lorimer k-factors are their inverse). */
  sensitivityDefinition: string;
}

/** report.json's whole-field composition from the summed measured maps (kfactors/composition.ts summedComposition). */
export interface SummedCompositionReport {
  /** The unit label (the stoichiometry's `unit`). */
  unit: string;
  /** What the numbers are (one sentence). */
  definition: string;
  /** The non-vacuum pixels summed. */
  pixels: number;
  /** Per element: fraction R_i, its standard error from the maps' noise, and the part due to the sensitivities (fractions). */
  elements: { element: string; fraction: number; stderr: number; kStderr: number }[];
}

/** Standard errors to write with a result: the maps (stderr_<El>.npy) and their report entry. */
export interface StderrOutput { maps: StandardErrors; report: StderrReport }
