// The result directory of a fusion (DESIGN.md §4): fused_<El>.npy and .tif (float32, input shape) and
// report.json with parameters, elements, shape, per-iteration costs, wall time, backend and versions.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeNpy, writeTiffFloat32 } from '../compute/io/index.js';
import type { FusionResult } from '../compute/solve/fuse.js';
import type { AutoParamsReport } from '../compute/autoparams/report.js';
import type { StandardErrors, StderrReport } from '../compute/uncertainty/index.js';
import { FUSEM_VERSION } from './version.js';

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
  /** The data term chosen for the maps, why, and the weight the kernels applied to it (λ_chem·κ/κ_ref). */
  dataTerm?: FusionResult['dataTerm'];
  kernelLambdaChem?: number;
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
}

/** Standard errors to write with a result: the maps (stderr_<El>.npy) and their report entry. */
export interface StderrOutput { maps: StandardErrors; report: StderrReport }

function buildReport(loaded: InputProvenance, result: FusionResult, files: string[], auto?: AutoParamsReport, stderr?: StderrOutput): FuseReport {
  return {
    fusem: FUSEM_VERSION, command: 'fuse', created: new Date().toISOString(),
    inputs: loaded.files, notes: [...loaded.notes, ...result.notes],
    elements: result.elements, shape: [result.height, result.width],
    pixelSize: loaded.pixelSize, pixelUnit: loaded.unit, units: result.units,
    params: result.params, weights: result.weights, weighting: result.weighting, normalisation: result.normalisation,
    ...(result.dataTerm ? { dataTerm: result.dataTerm } : {}),
    ...(result.kernelLambdaChem !== undefined ? { kernelLambdaChem: result.kernelLambdaChem } : {}),
    start: result.start, iterationsRun: result.iterationsRun, stoppedBy: result.stoppedBy, ...(result.convergence ? { convergence: result.convergence } : {}), history: result.history,
    backend: result.backend, threads: result.threads, wallMs: result.wallMs,
    versions: { fusem: FUSEM_VERSION, node: process.version, platform: `${process.platform}-${process.arch}` },
    files,
    ...(auto ? { auto } : {}),
    ...(stderr ? { stderr: stderr.report } : {}),
  };
}

/** Write the result's maps and report into `dir` (a fresh temporary directory). */
export async function writeResult(dir: string, loaded: InputProvenance, result: FusionResult, auto?: AutoParamsReport, stderr?: StderrOutput): Promise<FuseReport> {
  const files: string[] = [];
  for (const [i, el] of result.elements.entries()) {
    const map = result.maps[i]!;
    await writeNpy(path.join(dir, `fused_${el}.npy`), map, [result.height, result.width]);
    await writeTiffFloat32(path.join(dir, `fused_${el}.tif`), map, result.width, result.height, {
      pixelSize: loaded.pixelSize, unit: loaded.unit, description: `fusem ${FUSEM_VERSION} fused ${el} (${result.units})`,
    });
    files.push(`fused_${el}.npy`, `fused_${el}.tif`);
  }
  if (stderr) {
    for (const [i, el] of stderr.maps.elements.entries()) {
      await writeNpy(path.join(dir, `stderr_${el}.npy`), stderr.maps.maps[i]!, [result.height, result.width]);
      files.push(`stderr_${el}.npy`);
    }
  }
  const report = buildReport(loaded, result, [...files, 'report.json'], auto, stderr);
  await writeFile(path.join(dir, 'report.json'), JSON.stringify(report, null, 1) + '\n');
  return report;
}

