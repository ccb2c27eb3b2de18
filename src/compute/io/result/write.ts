// Writing a fusion's result folder (spec.ts): fused_<El>.npy and .tif (float32, input shape), stderr_<El>.npy, and
// report.json with parameters, elements, shape, per-iteration costs, wall time, backend and versions.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeNpy, writeTiffFloat32 } from '../index.js';
import type { FusionResult } from '../../solve/fuse.js';
import type { AutoParamsReport } from '../../autoparams/report.js';
import { fusedNpyFile, fusedTiffFile, REPORT_FILE, stderrNpyFile, type FuseReport, type InputProvenance, type StderrOutput } from './spec.js';
import { FUSEM_VERSION } from '../../node/version.js';
import type { Stoichiometry } from '../../kfactors/index.js';
import { meanComposition } from '../../kfactors/composition.js';

export type { FuseReport, InputFileRecord, InputProvenance, StderrOutput, StoichiometryReport } from './spec.js';

function buildReport(loaded: InputProvenance, result: FusionResult, files: string[], auto?: AutoParamsReport, stderr?: StderrOutput, stoichiometry?: Stoichiometry): FuseReport {
  return {
    fusem: FUSEM_VERSION, command: 'fuse', created: new Date().toISOString(),
    inputs: loaded.files, notes: [...loaded.notes, ...result.notes],
    elements: result.elements, shape: [result.height, result.width],
    pixelSize: loaded.pixelSize, pixelUnit: loaded.unit, units: result.units,
    params: result.params, weights: result.weights, weighting: result.weighting, normalisation: result.normalisation,
    start: result.start, iterationsRun: result.iterationsRun, stoppedBy: result.stoppedBy, history: result.history,
    backend: result.backend, threads: result.threads, wallMs: result.wallMs,
    versions: { fusem: FUSEM_VERSION, node: process.version, platform: `${process.platform}-${process.arch}` },
    files,
    ...(auto ? { auto } : {}),
    ...(stderr ? { stderr: stderr.report } : {}),
    ...(stoichiometry ? {
      stoichiometry: {
        ...stoichiometry, composition: meanComposition(result.maps, stoichiometry),
        sensitivityDefinition: 'sensitivity s_i = map counts per atom relative to the first element (map_i = s_i · atoms_i); Cliff–Lorimer k-factors and ζ-factors are ∝ 1/s_i',
      },
    } : {}),
  };
}

/** Write the result's maps and report into `dir` (a fresh temporary directory). */
export async function writeResult(dir: string, loaded: InputProvenance, result: FusionResult, auto?: AutoParamsReport, stderr?: StderrOutput, stoichiometry?: Stoichiometry): Promise<FuseReport> {
  const files: string[] = [];
  for (const [i, el] of result.elements.entries()) {
    const map = result.maps[i]!;
    await writeNpy(path.join(dir, fusedNpyFile(el)), map, [result.height, result.width]);
    await writeTiffFloat32(path.join(dir, fusedTiffFile(el)), map, result.width, result.height, {
      pixelSize: loaded.pixelSize, unit: loaded.unit, description: `fusem ${FUSEM_VERSION} fused ${el} (${result.units})`,
    });
    files.push(fusedNpyFile(el), fusedTiffFile(el));
  }
  if (stderr) {
    for (const [i, el] of stderr.maps.elements.entries()) {
      await writeNpy(path.join(dir, stderrNpyFile(el)), stderr.maps.maps[i]!, [result.height, result.width]);
      files.push(stderrNpyFile(el));
    }
  }
  const report = buildReport(loaded, result, [...files, REPORT_FILE], auto, stderr, stoichiometry);
  await writeFile(path.join(dir, REPORT_FILE), JSON.stringify(report, null, 1) + '\n');
  return report;
}

