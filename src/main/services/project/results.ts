// A fusion result in a project (DESIGN.md §3): results/<id>/ holds the `fusem fuse` layout (fused_<El>.npy/.tif,
// report.json with parameters, versions, backend and timing) plus provenance.json (which dataset, which input
// files by sha256). The folder is written beside its place and renamed in, so it is whole or absent.

import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeResult, type FuseReport, type InputFileRecord, type InputProvenance, type StderrOutput } from '../../../compute/io/result/write.js';
import type { AutoParamsReport } from '../../../compute/autoparams/report.js';
import type { Stoichiometry } from '../../../compute/kfactors/index.js';
import { writeResultDir } from '../../../compute/io/result/result-dir.js';
import { FUSEM_VERSION } from '../../../compute/node/version.js';
import type { FusionResult } from '../../../compute/solve/fuse.js';
import { writeNpy } from '../../../compute/io/index.js';
import { writeFileDurable } from './durable-write.js';
import { RESULTS_DIR, type DatasetRecord, type ResultRecord } from './project-schema.js';

/** What the caller knows about how a result was made, beyond the FusionResult itself. */
export interface ResultProvenance {
  /** The input files as read, with their sha256; by default the dataset's files. */
  inputs?: InputFileRecord[];
  pixelSize?: [number, number] | null;
  unit?: string | null;
  /** What the reader chose and why (Dataset.notes). */
  notes?: string[];
  label?: string;
  /** How λ_TV and λ_chem were chosen (report.json's `auto`). */
  auto?: AutoParamsReport;
  /** Standard errors of the result: written as stderr_<El>.npy, their summary as report.json's `stderr`. */
  stderr?: StderrOutput;
  /** The inputs as fused: kept as input_HAADF.npy and input_<El>.npy so the result can be shown without the dataset's files. */
  inputImages?: InputImages;
  /** What the compositions are (report.json's `stoichiometry`). */
  stoichiometry?: Stoichiometry;
}

/** A fusion's input images (what the result folder keeps of them). */
export interface InputImages { width: number; height: number; haadf: Float32Array; elements: readonly string[]; maps: readonly Float32Array[] }

/** The file names under which a result keeps its inputs: input_HAADF.npy, input_<El>.npy. */
export const inputImageFile = (element: string): string => `input_${element}.npy`;

export const PROVENANCE_FILE = 'provenance.json';

async function syncAll(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const fh = await open(path.join(dir, name), 'r+');
    try { await fh.sync(); } finally { await fh.close(); }
  }
}

/** The dataset's files as result inputs. */
export function datasetInputs(projectDir: string, dataset: DatasetRecord): InputFileRecord[] {
  return dataset.files.map((f) => ({
    role: 'dataset', file: dataset.mode === 'copy' ? path.resolve(projectDir, f.path) : f.path, sha256: f.sha256, title: f.name,
  }));
}

/** The input maps as fused, in the result's element order; undefined when not all were kept. */
const measuredMaps = (elements: readonly string[], im: InputImages | undefined): Float32Array[] | undefined =>
  im && elements.every((el) => im.elements.includes(el)) ? elements.map((el) => im.maps[im.elements.indexOf(el)]!) : undefined;

/** Write results/<id>/ for `result` of `dataset`; returns the index record (not yet in project.json). */
export async function writeProjectResult(
  projectDir: string, id: string, dataset: DatasetRecord, result: FusionResult, provenance: ResultProvenance = {}, at: Date = new Date(),
): Promise<ResultRecord> {
  const inputs = provenance.inputs ?? datasetInputs(projectDir, dataset);
  const loaded: InputProvenance = { files: inputs, pixelSize: provenance.pixelSize ?? null, unit: provenance.unit ?? null, notes: provenance.notes ?? [] };
  let report: FuseReport | null = null;
  await writeResultDir(path.join(projectDir, RESULTS_DIR, id), false, async (tmp) => {
    report = await writeResult(tmp, loaded, result, provenance.auto, provenance.stderr, provenance.stoichiometry, measuredMaps(result.elements, provenance.inputImages));
    const im = provenance.inputImages;
    if (im) {
      const shape = [im.height, im.width];
      await writeNpy(path.join(tmp, inputImageFile('HAADF')), im.haadf, shape);
      for (const [i, el] of im.elements.entries()) await writeNpy(path.join(tmp, inputImageFile(el)), im.maps[i]!, shape);
      report!.files.push(inputImageFile('HAADF'), ...im.elements.map(inputImageFile));
    }
    const prov = { result: id, created: at.toISOString(), dataset: { id: dataset.id, label: dataset.label, mode: dataset.mode }, inputs, fusemVersion: FUSEM_VERSION };
    await writeFileDurable(path.join(tmp, PROVENANCE_FILE), JSON.stringify(prov, null, 1) + '\n');
    await syncAll(tmp);
  });
  const files = [...(report as FuseReport | null)?.files ?? [], PROVENANCE_FILE];
  return {
    id, datasetId: dataset.id, ...(provenance.label !== undefined ? { label: provenance.label } : {}),
    created: at.toISOString(), dir: `${RESULTS_DIR}/${id}`,
    elements: [...result.elements], shape: [result.height, result.width], units: result.units,
    params: result.params, inputs,
    fusemVersion: FUSEM_VERSION, backend: result.backend, threads: result.threads, wallMs: result.wallMs,
    iterationsRun: result.iterationsRun, stoppedBy: result.stoppedBy, files,
  };
}
