// Writing a fusion's result folder (spec.ts): fused_<El>.npy and .tif (float32, input shape), stderr_<El>.npy, and
// report.json with parameters, elements, shape, per-iteration costs, wall time, backend and versions.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeNpy, writeTiffFloat32 } from '../index.js';
import type { FusionResult } from '../../solve/fuse.js';
import type { AutoParamsReport } from '../../autoparams/report.js';
import { fusedNpyFile, fusedTiffFile, REPORT_FILE, stderrNpyFile, type FuseReport, type InputProvenance, type StderrOutput, type SummedCompositionReport } from './spec.js';
import { FUSEM_VERSION } from '../../node/version.js';
import type { Stoichiometry } from '../../kfactors/index.js';
import { imageSummedComposition, meanComposition } from '../../kfactors/composition.js';

export type { FuseReport, InputFileRecord, InputProvenance, StderrOutput, StoichiometryReport, SummedCompositionReport } from './spec.js';

/** report.json's labels for its two whole-image compositions. */
export const MEAN_COMPOSITION_DEFINITION = 'mean over non-vacuum pixels of the fused maps\' per-pixel ratios c_i = x_i / Σ_j x_j (biased by the fusion\'s smoothing of weak maps; kept for compatibility)';
/** Why a result fused with --normalise reference has no fused-map composition: its maps are each min–max scaled on their own. */
export const NO_COMPOSITION_PER_MAP_UNITS = 'none: --normalise reference scales each map to [0, 1] on its own, so ratios between its fused maps are not ratios of counts (the summed input maps give the composition)';
export const SUMMED_COMPOSITION_DEFINITION = 'R_i = Σ_p x_ip / Σ_p Σ_j x_jp of the measured (input) maps in atoms over the same non-vacuum pixels, ± standard error from the maps\' noise (stderr) and from the sensitivities (kStderr); not biased by the fusion';

function summedReport(measured: readonly Float32Array[] | undefined, result: FusionResult, stoichiometry: Stoichiometry): SummedCompositionReport | null {
  if (!measured || measured.length !== result.maps.length) return null;
  const c = imageSummedComposition(measured, result.maps, stoichiometry, result.width, result.height);
  return c ? { unit: stoichiometry.unit, definition: SUMMED_COMPOSITION_DEFINITION, pixels: c.pixels, elements: c.elements } : null;
}

function buildReport(loaded: InputProvenance, result: FusionResult, files: string[], auto?: AutoParamsReport, stderr?: StderrOutput, stoichiometry?: Stoichiometry, measured?: readonly Float32Array[]): FuseReport {
  return {
    fusem: FUSEM_VERSION, command: 'fuse', created: new Date().toISOString(),
    inputs: loaded.files, notes: [...loaded.notes, ...result.notes],
    elements: result.elements, shape: [result.height, result.width],
    pixelSize: loaded.pixelSize, pixelUnit: loaded.unit, units: result.units,
    params: result.params, weights: result.weights, weighting: result.weighting, normalisation: result.normalisation,
    ...(result.dataTerm ? { dataTerm: result.dataTerm } : {}),
    ...(result.kernelLambdaChem !== undefined ? { kernelLambdaChem: result.kernelLambdaChem } : {}),
    ...(result.kernelEps !== undefined ? { kernelEps: result.kernelEps } : {}),
    start: result.start, iterationsRun: result.iterationsRun, stoppedBy: result.stoppedBy, ...(result.convergence ? { convergence: result.convergence } : {}), history: result.history,
    backend: result.backend, threads: result.threads, wallMs: result.wallMs,
    versions: { fusem: FUSEM_VERSION, node: process.version, platform: `${process.platform}-${process.arch}` },
    files,
    ...(auto ? { auto } : {}),
    ...(stderr ? { stderr: stderr.report } : {}),
    ...(stoichiometry ? {
      stoichiometry: {
        ...stoichiometry,
        ...(result.normalisation.mode === 'reference'
          ? { composition: null, compositionDefinition: NO_COMPOSITION_PER_MAP_UNITS }
          : { composition: meanComposition(result.maps, stoichiometry), compositionDefinition: MEAN_COMPOSITION_DEFINITION }),
        summedComposition: summedReport(measured, result, stoichiometry),
        sensitivityDefinition: 'sensitivity s_i = map counts per atom relative to the first element (map_i = s_i · atoms_i); Cliff–Lorimer k-factors and ζ-factors are ∝ 1/s_i',
      },
    } : {}),
  };
}

/** Write the result's maps and report into `dir` (a fresh temporary directory); `measured`: the input maps as fused (for the summed-maps composition). */
export async function writeResult(dir: string, loaded: InputProvenance, result: FusionResult, auto?: AutoParamsReport, stderr?: StderrOutput, stoichiometry?: Stoichiometry, measured?: readonly Float32Array[]): Promise<FuseReport> {
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
  const report = buildReport(loaded, result, [...files, REPORT_FILE], auto, stderr, stoichiometry, measured);
  await writeFile(path.join(dir, REPORT_FILE), JSON.stringify(report, null, 1) + '\n');
  return report;
}

