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
  start: FusionResult['start'];
  iterationsRun: number;
  stoppedBy: FusionResult['stoppedBy'];
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
  /** Mean composition over non-vacuum pixels (fractions) in `unit`, with the part of its error due to the sensitivities. */
  composition: { element: string; mean: number; kError: number }[] | null;
  /** Map counts per atom: what the sensitivities mean (Cliff–Lorimer k-factors are their inverse). */
  sensitivityDefinition: string;
}

/** Standard errors to write with a result: the maps (stderr_<El>.npy) and their report entry. */
export interface StderrOutput { maps: StandardErrors; report: StderrReport }
