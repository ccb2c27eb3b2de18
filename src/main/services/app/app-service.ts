// The backend behind both transports (DESIGN.md §2): the typed API (src/shared/api) answered with the plain-Node
// services — projects on disk, the compute host, the acquisition-folder watcher, settings. The Electron main
// process and `fusem serve` each build one and hand it to their transport.

import path from 'node:path';
import { stat } from 'node:fs/promises';
import { ApiError, type ApiEvent, type FusemService, type ProjectInfo } from '../../../shared/api/index.js';
import { isInputError } from '../../../compute/io/errors.js';
import { readImage } from '../../../compute/io/index.js';
import { FusionCancelled } from '../../../compute/solve/fuse.js';
import { validateParams } from '../../../compute/solve/params.js';
import type { ComputeHost } from '../../../compute/host/index.js';
import { addRecent, isProjectError, openProject, createProject, readRecent, type ProjectHandle } from '../project/index.js';
import type { DatasetRecord, ResultRecord } from '../project/project-schema.js';
import { SettingsStore } from './settings-store.js';
import { loadDatasetInputs } from './dataset-inputs.js';
import { openDemoProject } from './demo-project.js';
import { WatchSession } from './watch-session.js';
import { SweepService } from './sweeps.js';
import type { LoadedInputs } from '../../../compute/io/load-inputs.js';
import { readResultMaps, readResultReport } from '../../../compute/io/result/index.js';
import { checkFactors } from '../../../compute/kfactors/index.js';
import { measuredFromDataset, PER_MAP_SCALED_SHARES, quantifyRegion } from './quantify.js';
import { gammaScanOnHost } from './gamma.js';
import type { JobExtras } from '../../../compute/host/index.js';
import type { StderrOutput } from '../../../compute/io/result/write.js';
import { exportData, exportFigure, type ExportSource } from './exports.js';
import { browseFolder, describeFiles } from './browse.js';
import { isUpload, removeUpload, UploadStore } from './uploads.js';
import { presetOf, resultName } from './result-names.js';
import { inputImageFile, type InputImages } from '../project/results.js';
import { assertInsideRoots, projectRoots } from './project-roots.js';
import { checkWritableFolder } from '../../../compute/io/safe-path.js';
import { fusedResultProblem } from '../../../compute/solve/result-check.js';
import { assertFusable } from '../../../compute/io/load-inputs.js';
import { spectrumImageAmong, SpectrumImageStore, trimmedSettings, withHaadfFile, type HeldSpectrumImage } from './spectra.js';
import type { MapSettings, SpectrumKind } from '../../../shared/api/schemas/spectrum.js';

export interface AppServiceOptions {
  /** Where settings, the recent-projects list and the demo project live (Electron: app.getPath('userData')). */
  configDir: string;
  /** fusem's version (Electron: app.getVersion()). */
  version: string;
  /** Runs the fusions; owned by the caller (who disposes it). */
  computeHost: ComputeHost;
  /**
   * The desktop app's native folder dialog (Electron's main process): the only way an export leaves the project's
   * exports/ folder, to a folder the user picked there. Absent in `fusem serve`. Resolves null when cancelled.
   */
  chooseFolder?: (title: string) => Promise<string | null>;
  /**
   * Where project.create and project.open may reach: these folders, or 'anywhere' (the desktop app, whose only client
   * is its own window). Default: project-roots.ts's (project-roots.txt in the config folder, else home, config, temp).
   */
  projectRoots?: readonly string[] | 'anywhere';
}

export interface AppService extends FusemService {
  /** Close the project and stop the watcher. */
  dispose(): Promise<void>;
}

/** A service error as the API reports it: bad files are `input`, project states `conflict`, the rest as thrown. */
function apiError(e: unknown): unknown {
  if (e instanceof ApiError) return e;
  if (isProjectError(e)) {
    const code = e.code === 'missing' || e.code === 'not-found' ? 'not-found' : e.code === 'read-only' ? 'forbidden'
      : e.code === 'io' ? 'internal' : e.code === 'corrupt' || e.code === 'invalid' || e.code === 'newer-format' ? 'input' : 'conflict';
    return new ApiError(code, e.message);
  }
  if (isInputError(e)) return new ApiError('input', e.message);
  return e;
}

/** Run `body`, turning service errors into API errors. */
async function guarded<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    throw apiError(e);
  }
}

export async function createAppService(options: AppServiceOptions): Promise<AppService> {
  const { configDir, version, computeHost } = options;
  const settings = await SettingsStore.open(configDir);
  const roots = options.projectRoots === 'anywhere' ? null : options.projectRoots ?? await projectRoots(configDir);
  /** A project folder a request names: inside the allowed roots, and (to create) a folder that can be written. */
  const projectFolder = async (dir: string, create: boolean): Promise<string> => {
    if (roots !== null) await assertInsideRoots(dir, roots);
    return create ? checkWritableFolder(dir, { what: 'the project folder' }) : dir;
  };
  const listeners = new Set<(event: ApiEvent) => void>();
  const emit = (event: ApiEvent): void => { for (const l of listeners) l(event); };
  /** What each dataset holds, read on import or first use (element symbols and shape). */
  const datasetShapes = new Map<string, { elements: string[]; shape: [number, number] }>();
  const jobs = new Map<string, { cancel(): void }>();
  let project: ProjectHandle | null = null;

  const requireProject = (): ProjectHandle => {
    if (!project || project.closed) throw new ApiError('conflict', 'no project is open: create or open one first');
    return project;
  };
  const requireWritable = (): ProjectHandle => {
    const p = requireProject();
    if (p.readOnly) throw new ApiError('forbidden', `${p.dir} is open read-only`);
    return p;
  };

  const info = (p: ProjectHandle): ProjectInfo => {
    const s = p.snapshot();
    return { dir: p.dir, name: s.name, readOnly: p.readOnly, created: s.created, modified: s.modified, parameters: s.parameters, factors: s.factors ?? null, datasets: s.datasets.length, results: s.results.length };
  };
  const changed = (reason: 'opened' | 'closed' | 'datasets' | 'results' | 'parameters'): void => {
    emit({ event: 'project.changed', payload: { reason, project: project && !project.closed ? info(project) : null } });
  };

  const uploads = new UploadStore();
  /** Spectrum-image datasets, read once and held (issue 11). */
  const spectra = new SpectrumImageStore(computeHost);

  const switchTo = async (next: ProjectHandle): Promise<ProjectInfo> => {
    await sweeps.stopAll(); // the old project's sweeps stay resumable
    await uploads.clear();
    if (project && !project.closed) await project.close();
    project = next;
    datasetShapes.clear();
    spectra.clear();
    await addRecent(configDir, { dir: next.dir, name: next.name() }).catch(() => undefined);
    changed('opened');
    return info(next);
  };

  const datasetPaths = async (p: ProjectHandle, id: string): Promise<string[]> => {
    const located = await p.datasetFiles(id);
    const missing = located.find((f) => f.path === null);
    if (missing) throw new ApiError('input', missing.problem ?? `a file of dataset ${id} is missing`);
    return located.map((f) => f.path!);
  };

  /** The spectrum image of an SI dataset, held in memory. */
  const heldSpectrumImage = async (p: ProjectHandle, id: string): Promise<HeldSpectrumImage> => {
    const d = p.getDataset(id);
    if (!d) throw new ApiError('not-found', `no dataset ${id} in ${p.dir}`);
    if (!d.spectrumImage) throw new ApiError('bad-request', `dataset "${d.label || id}" is not a spectrum image`);
    const [file, haadfFile] = await datasetPaths(p, id); // the SI first; the HAADF imported beside it, if any
    return spectra.get(id, file!, haadfFile ?? null);
  };
  const mapSettingsOf = (p: ProjectHandle, kind: SpectrumKind): MapSettings => p.mapSettings(kind) ?? { elements: [] };

  const loadDataset = async (p: ProjectHandle, id: string): Promise<LoadedInputs> => {
    if (!p.getDataset(id)) throw new ApiError('not-found', `no dataset ${id} in ${p.dir}`);
    if (p.getDataset(id)!.spectrumImage) {
      // an SI: mapped with the project's map settings (the Spectrum tab's “Make maps”), then fused as any dataset
      const held = await heldSpectrumImage(p, id);
      const loaded = await spectra.inputs(held, p.mapSettings(held.summary.kind));
      assertFusable(loaded, p.parameters().dataTerm);
      datasetShapes.set(id, { elements: loaded.inputs.elements, shape: [loaded.inputs.height, loaded.inputs.width] });
      return loaded;
    }
    const loaded = await loadDatasetInputs(await datasetPaths(p, id), p.parameters().dataTerm, p.getDataset(id)!.relabel);
    datasetShapes.set(id, { elements: loaded.inputs.elements, shape: [loaded.inputs.height, loaded.inputs.width] });
    return loaded;
  };

  const summary = (d: DatasetRecord, problem?: string | null) => ({
    id: d.id, label: d.label, mode: d.mode, imported: d.imported,
    files: d.files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256, path: f.path })),
    elements: datasetShapes.get(d.id)?.elements ?? [],
    shape: datasetShapes.get(d.id)?.shape ?? null,
    ...(d.relabel ? { relabel: d.relabel } : {}),
    ...(d.spectrumImage ? { spectrumImage: d.spectrumImage } : {}),
    ...(problem ? { problem } : {}),
  });
  /** The first missing file of a dataset, in a sentence naming it; null when all are where they should be. */
  const missingFile = async (p: ProjectHandle, id: string): Promise<string | null> =>
    (await p.datasetFiles(id)).find((f) => f.path === null)?.problem ?? null;

  /** The inputs a result kept (input_HAADF.npy, input_<El>.npy), or null for a result made before they were kept. */
  const readKeptInputs = async (dir: string, elements: readonly string[], width: number, height: number) => {
    try {
      const haadf = (await readImage(path.join(dir, inputImageFile('HAADF')))).data;
      const maps = await Promise.all(elements.map(async (el) => ({ element: el, image: { width, height, data: (await readImage(path.join(dir, inputImageFile(el)))).data } })));
      return { haadf: { width, height, data: haadf }, maps };
    } catch {
      return null;
    }
  };
  const inputImagesOf = (loaded: LoadedInputs): InputImages => ({
    width: loaded.inputs.width, height: loaded.inputs.height, haadf: loaded.inputs.haadf, elements: loaded.inputs.elements, maps: loaded.inputs.maps,
  });

  const resultSummary = (r: ResultRecord) => ({
    id: r.id, datasetId: r.datasetId, ...(r.label !== undefined ? { label: r.label } : {}), created: r.created,
    elements: r.elements, shape: r.shape, units: r.units, params: r.params,
    iterationsRun: r.iterationsRun, stoppedBy: r.stoppedBy, wallMs: r.wallMs, backend: r.backend,
  });

  /** A stored result: its index entry, its maps with their calibration, and its cost history. */
  const readResult = async (p: ProjectHandle, resultId: string) => {
    const record = p.listResults().find((r) => r.id === resultId);
    if (!record) throw new ApiError('not-found', `no result ${resultId} in ${p.dir}`);
    const dir = p.resultDir(resultId);
    const [height, width] = record.shape;
    const maps = (await readResultMaps(dir, 'fused', record.elements)).map((m) => m.data);
    const report = await readResultReport(dir);
    const source: ExportSource = {
      resultId, elements: record.elements, maps, width, height, units: record.units,
      pixelSize: report.pixelSize?.[1] ?? null, unit: report.pixelUnit,
    };
    // standard-error maps (stderr_<El>.npy), where the fusion computed them
    const stderr = report.stderr
      ? (await readResultMaps(dir, 'stderr', record.elements)).map((m) => m.data)
      : null;
    const kept = await readKeptInputs(dir, record.elements, width, height);
    const inputs = kept ? { ...kept, pixelSize: source.pixelSize !== null && source.pixelSize > 0 ? { value: source.pixelSize, unit: source.unit ?? 'px' } : null } : null;
    return { record, source, history: report.history, stderr, stderrReport: report.stderr ?? null, auto: report.auto ?? null, stoichiometry: report.stoichiometry ?? null, inputs };
  };

  /** The HAADF and raw maps a result's figure shows: the ones it kept, else its dataset's while they load; else none. */
  const figureInputs = async (p: ProjectHandle, record: ResultRecord, kept: Awaited<ReturnType<typeof readResult>>['inputs']) => {
    if (kept) return { haadf: kept.haadf.data, maps: kept.maps.map((m) => m.image.data) };
    try {
      const { inputs } = await loadDataset(p, record.datasetId);
      const [height, width] = record.shape;
      if (inputs.width !== width || inputs.height !== height || record.elements.some((el) => !inputs.elements.includes(el))) return null;
      return { haadf: inputs.haadf, maps: record.elements.map((el) => inputs.maps[inputs.elements.indexOf(el)]!) };
    } catch {
      return null; // the sources moved and nothing was kept: the figure shows the fused maps alone
    }
  };

  /** What a fusion job computed beside its result, as addResult writes it (stderr_<El>.npy, report.json's auto and stderr). */
  const extrasProvenance = (result: { elements: string[] }, extras: JobExtras): { auto?: JobExtras['auto']; stderr?: StderrOutput; stoichiometry?: JobExtras['stoichiometry'] } => {
    const se = extras.stderr;
    return {
      ...(extras.auto ? { auto: extras.auto } : {}),
      ...(extras.stoichiometry ? { stoichiometry: extras.stoichiometry } : {}),
      ...(se ? {
        stderr: {
          report: se.report,
          maps: {
            method: se.method === 'fisher' ? 'fisher' : 'solver', elements: result.elements, maps: se.maps, average: se.average,
            averagePixels: result.elements.map((el) => se.report.averagePixels?.[el] ?? 0),
            units: se.units, haadfNoise: se.haadfNoise, flooredPixels: se.report.flooredPixels, singularPixels: se.report.singularPixels,
          },
        },
      } : {}),
    };
  };

  /** The project's exports/, or the folder the user picks in the desktop app's own dialog (never a client's path). */
  const exportFolder = async (p: ProjectHandle, destination: 'exports' | 'chosen-folder' | undefined): Promise<string> => {
    if (destination !== 'chosen-folder') return path.join(p.dir, 'exports');
    if (!options.chooseFolder) throw new ApiError('forbidden', "exporting to a folder of your choice needs the desktop app's folder dialog; here exports go to the project's exports/ folder");
    const chosen = await options.chooseFolder('Export to folder');
    if (chosen === null) throw new ApiError('conflict', 'no folder was chosen; nothing was exported');
    return chosen;
  };

  const pixelSizeOf = (loaded: LoadedInputs) => (loaded.pixelSize ? { value: loaded.pixelSize[1], unit: loaded.unit ?? 'px' } : null);

  const watch = new WatchSession({
    computeHost,
    settings: () => settings.get(),
    project: () => (project && !project.closed ? project : null),
    emit,
    fallbackOut: path.join(configDir, 'watch'),
    onProjectResult: () => changed('results'),
    resultLabel: (datasetLabel, params) => resultName(datasetLabel, params, new Date()),
  });

  const sweeps = new SweepService({
    computeHost,
    settings: () => settings.get(),
    project: () => (project && !project.closed ? project : null),
    emit,
  });

  const service: AppService = {
    'app.version': async () => ({ version }),
    'settings.get': async () => settings.get(),
    'settings.set': (changes) => guarded(() => settings.set(changes)),

    'project.create': ({ dir, name }) => guarded(async () => switchTo(await createProject(await projectFolder(dir, true), name))),
    'project.open': ({ dir, readOnly }) => guarded(async () => {
      const folder = await projectFolder(dir, false);
      // The lock belongs to this process, not to a page: a reloaded page or a second tab carries on with the project.
      if (project && !project.closed && path.resolve(folder) === project.dir && (readOnly ?? false) === project.readOnly) return info(project);
      return switchTo(await openProject(folder, readOnly ? { readOnly } : {}));
    }),
    'project.current': async () => (project && !project.closed ? info(project) : null),
    'project.recent': () => guarded(async () => {
      const recent = await readRecent(configDir);
      const limit = settings.get().recentLimit;
      const projects = await Promise.all(recent.slice(0, limit).map(async (r) => ({
        dir: r.dir, name: r.name, openedAt: r.opened,
        exists: await stat(path.join(r.dir, 'project.json')).then(() => true, () => false),
      })));
      return { projects };
    }),
    'project.close': () => guarded(async () => {
      await sweeps.stopAll();
      await uploads.clear();
      if (project && !project.closed) await project.close();
      project = null;
      changed('closed');
      return null;
    }),
    'demo.open': () => guarded(async () => switchTo(await openDemoProject(path.join(configDir, 'demo-project')))),

    'dataset.import': (params) => guarded(async () => {
      const p = requireWritable();
      const files = 'file' in params ? [params.file] : params.files;
      const uploaded = files.filter((f) => isUpload(p.dir, f));
      if (uploaded.length > 0 && params.mode !== 'copy') throw new ApiError('bad-request', 'an uploaded file can only be imported by copy (mode "copy")');
      const relabel = params.elements && Object.keys(params.elements).length > 0 ? params.elements : undefined;
      // One spectrum image, alone or with its HAADF file beside it: imported as it is (the SI first); its maps are made
      // with the project's map settings (issue 11).
      const si = !relabel ? await spectrumImageAmong(computeHost, files) : null;
      if (si) {
        await withHaadfFile(si.summary, si.file, si.haadfFile); // refused before copying: not on the SI's grid
        const ordered = si.haadfFile !== null ? [si.file, si.haadfFile] : [si.file];
        const record = await p.importDataset(ordered, { mode: params.mode, spectrumImage: si.summary.kind, ...(params.label !== undefined ? { label: params.label } : {}) });
        for (const f of uploaded) await removeUpload(f).catch(() => undefined);
        changed('datasets');
        return summary(record);
      }
      const loaded = await loadDatasetInputs(files, p.parameters().dataTerm, relabel); // refuse what cannot be fused before copying it
      const record = await p.importDataset(files, { mode: params.mode, ...(params.label !== undefined ? { label: params.label } : {}), ...(relabel ? { relabel } : {}) });
      for (const f of uploaded) await removeUpload(f).catch(() => undefined);
      datasetShapes.set(record.id, { elements: loaded.inputs.elements, shape: [loaded.inputs.height, loaded.inputs.width] });
      changed('datasets');
      return summary(record);
    }),
    'dataset.list': () => guarded(async () => {
      const p = requireProject();
      return { datasets: await Promise.all(p.listDatasets().map(async (d) => summary(d, await missingFile(p, d.id)))) };
    }),
    'files.browse': ({ dir }) => guarded(() => browseFolder(dir)),
    'files.describe': ({ paths }) => guarded(async () => ({ files: await describeFiles(paths) })),
    'upload.begin': ({ name, bytes }) => guarded(async () => ({ uploadId: await uploads.begin(requireWritable().dir, name, bytes) })),
    'upload.chunk': ({ uploadId, offset, data }) => guarded(() => uploads.chunk(uploadId, offset, data)),
    'dataset.get': ({ datasetId }) => guarded(async () => {
      const p = requireProject();
      if (p.getDataset(datasetId)?.spectrumImage) {
        // the HAADF acquired with the SI (else its total counts) and the maps the project's settings make
        const held = await heldSpectrumImage(p, datasetId);
        const si = held.summary;
        const settings = mapSettingsOf(p, si.kind);
        let maps: { element: string; image: { width: number; height: number; data: Float32Array } }[] = [];
        let problem: string | null = null;
        if (settings.pixelBin && settings.pixelBin > 1) problem = `the map settings bin pixels ${settings.pixelBin}×${settings.pixelBin}: the maps are not shown on the SI's grid (fusion uses them binned, with the HAADF binned alike)`;
        else if (settings.elements.length > 0) {
          try {
            const m = (await spectra.maps(held, settings)).maps;
            maps = m.elements.map((element, i) => ({ element, image: { width: m.width, height: m.height, data: m.maps[i]! } }));
          } catch (e) {
            if (!isInputError(e)) throw e;
            problem = e.message;
          }
        }
        datasetShapes.set(datasetId, { elements: maps.map((m) => m.element), shape: [si.rows, si.cols] });
        const pixelSize = si.pixelSize && si.unit ? { value: si.pixelSize[1], unit: si.unit } : null;
        return {
          dataset: summary(p.getDataset(datasetId)!, problem),
          haadf: { width: si.cols, height: si.rows, data: si.haadf ?? si.counts! },
          maps, pixelSize,
        };
      }
      const loaded = await loadDataset(p, datasetId);
      const { width, height } = loaded.inputs;
      return {
        dataset: summary(p.getDataset(datasetId)!),
        haadf: { width, height, data: loaded.inputs.haadf },
        maps: loaded.inputs.elements.map((element, i) => ({ element, image: { width, height, data: loaded.inputs.maps[i]! } })),
        pixelSize: pixelSizeOf(loaded),
      };
    }),

    'spectrum.get': ({ datasetId }) => guarded(async () => {
      const p = requireProject();
      const held = await heldSpectrumImage(p, datasetId);
      const si = held.summary;
      const a = si.acquisition;
      const notes = [...si.notes];
      if (held.haadfFile) notes.push(`HAADF: ${path.basename(held.haadfFile)}, imported beside the spectrum image`);
      else if (!si.haadf) notes.push('the file holds no HAADF image on the SI’s grid: the image shown is the SI’s total counts; to fuse, import the SI again together with its HAADF file');
      return {
        datasetId, kind: si.kind, title: si.title, rows: si.rows, cols: si.cols, energy: { ...si.energy },
        sum: si.sum,
        acquisition: {
          beamEnergyKeV: a.beamEnergyKeV, dwellTime: a.dwellTime, liveTime: a.liveTime, realTime: a.realTime, detector: a.detector,
          resolutionMnKa: a.resolutionMnKa, frames: a.frames, framesInFile: a.framesInFile, convergenceAngle: a.convergenceAngle, collectionAngle: a.collectionAngle,
        },
        markers: si.markers, settings: mapSettingsOf(p, si.kind), hasHaadf: si.haadf !== null, notes,
      };
    }),
    // read, region spectra and maps in the compute process (compute/host/spectrum-requests.ts): the service stays responsive
    'spectrum.region': ({ datasetId, region }) => guarded(async () => spectra.region(await heldSpectrumImage(requireProject(), datasetId), region)),
    'spectrum.map': ({ datasetId, settings }) => guarded(async () => {
      const held = await heldSpectrumImage(requireProject(), datasetId);
      const mapped = await spectra.maps(held, settings);
      const m = mapped.maps;
      return {
        maps: m.elements.map((element, i) => ({ element, image: { width: m.width, height: m.height, data: m.maps[i]! } })),
        provenance: m.provenance.map((q) => ({ element: q.element, technique: q.technique, line: q.line, method: q.method, windows: q.windows, totalCounts: q.totalCounts, notes: q.notes })),
        notes: m.notes, wallMs: mapped.wallMs,
      };
    }),
    'spectrum.apply': ({ datasetId, settings }) => guarded(async () => {
      const p = requireWritable();
      const held = await heldSpectrumImage(p, datasetId);
      const kept = trimmedSettings(settings);
      if (kept.elements.length > 0) await spectra.maps(held, kept); // refuse settings this SI cannot be mapped with (InputError → 'input')
      p.setMapSettings(held.summary.kind, kept);
      changed('parameters');
      if (kept.elements.length > 0) watch.mapSettingsChanged(); // watched SIs that waited for elements are mapped now
      return kept;
    }),
    'result.list': () => guarded(async () => ({ results: requireProject().listResults().map(resultSummary) })),
    'result.get': ({ resultId }) => guarded(async () => {
      const r = await readResult(requireProject(), resultId);
      const { width, height } = r.source;
      const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
      return {
        result: resultSummary(r.record),
        maps: r.source.elements.map((element, i) => ({ element, image: { width, height, data: r.source.maps[i]! } })),
        stderr: (r.stderr ?? []).map((data, i) => ({ element: r.source.elements[i]!, image: { width, height, data } })),
        stderrSummary: r.stderrReport ? {
          method: r.stderrReport.method, units: r.stderrReport.units,
          average: Object.fromEntries(Object.entries(r.stderrReport.averageStandardError).filter((e): e is [string, number] => finite(e[1]))),
          ...(r.stderrReport.averageCramerRao
            ? { averageCramerRao: Object.fromEntries(Object.entries(r.stderrReport.averageCramerRao).filter((e): e is [string, number] => finite(e[1]))) }
            : {}),
        } : null,
        auto: r.auto ? {
          method: r.auto.method, chosen: { lambdaTV: r.auto.chosen.lambdaTV, lambdaChem: r.auto.chosen.lambdaChem },
          // a grid point whose fusions diverged scored ∞, which report.json holds as null: left out
          curve: r.auto.curve.filter((c) => finite(c.score)).map((c) => ({ lambdaTV: c.lambdaTV, lambdaChem: c.lambdaChem, score: c.score })),
        } : null,
        stoichiometry: r.stoichiometry ? {
          basis: r.stoichiometry.basis, unit: r.stoichiometry.unit, note: r.stoichiometry.note,
          sensitivities: r.stoichiometry.sensitivities, standardErrors: r.stoichiometry.standardErrors,
          // compositions with a non-finite number (null in report.json) are left out, as the curve's are
          composition: r.stoichiometry.composition?.every((c) => finite(c.mean) && finite(c.kError)) ? r.stoichiometry.composition : null,
          summedComposition: r.stoichiometry.summedComposition?.elements.every((c) => finite(c.fraction) && finite(c.stderr) && finite(c.kStderr)) ? r.stoichiometry.summedComposition : null,
        } : null,
        history: r.history,
        inputs: r.inputs,
      };
    }),
    'result.rename': ({ resultId, label }) => guarded(async () => {
      const renamed = resultSummary(requireWritable().renameResult(resultId, label));
      changed('results');
      return renamed;
    }),

    'fusion.start': ({ datasetId, params, priority, label, auto, factors: givenFactors }) => guarded(async () => {
      const p = requireWritable();
      const loaded = await loadDataset(p, datasetId);
      const problems = validateParams(params, loaded.inputs.elements.length);
      if (problems.length > 0) throw new ApiError('bad-request', problems[0]!);
      // factors: given ones are kept in the project for the next fusion (null clears them); absent: the project's
      const factors = givenFactors === undefined ? p.factors() : givenFactors;
      if (factors) {
        const bad = checkFactors(loaded.inputs.elements, factors);
        if (bad.length > 0) throw new ApiError('bad-request', bad[0]!);
      }
      p.setParameters(params);
      if (givenFactors !== undefined) p.setFactors(givenFactors);
      const s = settings.get();
      const job = computeHost.submit({
        inputs: loaded.inputs, params, priority: priority ?? 'interactive',
        // standard errors always; λ chosen by cross-validation when asked
        options: { backend: s.backend, ...(s.threads !== null ? { threads: s.threads } : {}), previewEvery: s.previewEvery, stderr: true, ...(auto ? { auto } : {}), kEstimate: true, ...(factors ? { factors } : {}) },
      });
      jobs.set(job.id, job);
      job.onProgress(({ record, iterations, preview }) => emit({
        event: 'fusion.progress',
        payload: { jobId: job.id, record, iterations, ...(preview ? { preview: { ...preview, elements: loaded.inputs.elements } } : {}) },
      }));
      job.onSearch(({ done, lambdaTV, lambdaChem, best }) => emit({
        event: 'fusion.search',
        payload: { jobId: job.id, done, lambdaTV, lambdaChem, best: { lambdaTV: best.lambdaTV, lambdaChem: best.lambdaChem } },
      }));
      job.result.then(
        async (result) => {
          const degenerate = fusedResultProblem(loaded.inputs, result); // NaN/∞ or all-zero maps: a failed job, never a result
          if (degenerate) throw new Error(degenerate);
          const extras = extrasProvenance(result, await job.extras);
          const preset = presetOf(params);
          const name = label ?? resultName(p.getDataset(datasetId)?.label ?? datasetId, result.params, new Date(), preset); // the λ fused with (chosen from the data by default), not the form's
          const presetNote = preset === 'custom' ? 'parameters: custom (not a preset)' : `parameters: preset ${preset}${preset === 'reference' ? ' (the authors’ tutorial 2 setting)' : ''}`;
          const saved = await p.addResult(datasetId, result, {
            inputs: loaded.files, pixelSize: loaded.pixelSize, unit: loaded.unit, notes: [...loaded.notes, presetNote], label: name, ...extras,
            inputImages: inputImagesOf(loaded),
          });
          emit({ event: 'fusion.done', payload: { jobId: job.id, resultId: saved.id } });
          changed('results');
        },
      ).catch((e: unknown) => {
        const cancelled = e instanceof FusionCancelled;
        emit({ event: 'fusion.failed', payload: { jobId: job.id, reason: cancelled ? 'cancelled' : e instanceof Error ? e.message : String(e), cancelled } });
      }).finally(() => jobs.delete(job.id));
      return { jobId: job.id };
    }),
    'fusion.cancel': ({ jobId }) => guarded(async () => {
      const job = jobs.get(jobId);
      if (!job) return { cancelled: false };
      job.cancel();
      return { cancelled: true };
    }),

    'quantify.region': (params) => guarded(async () => {
      const p = requireProject();
      if ('resultId' in params) {
        const { source, stderr, stoichiometry, inputs, record } = await readResult(p, params.resultId);
        // the maps it was fused from, in the result's element order: the kept input_<El>.npy, else the dataset's maps
        // only where they provably are the same (shape, elements, files' sha256); else none, and the result says why
        const measured: { maps: Float32Array[] } | { why: string } = inputs
          ? { maps: inputs.maps.map((m) => m.image.data) }
          : await loadDataset(p, record.datasetId).then(
            (l) => measuredFromDataset(record, { ...l.inputs, files: l.files }, Boolean(p.getDataset(record.datasetId)?.spectrumImage)),
            () => ({ why: 'the result kept no input maps and its dataset\'s files cannot be read' }),
          );
        const quantified = quantifyRegion(source.maps, source.elements, source.width, source.height, source.units, params.region, stderr ?? undefined, stoichiometry,
          'maps' in measured ? measured.maps : null, 'why' in measured ? measured.why : undefined);
        return record.params.normalise === 'reference' ? { ...quantified, percentNotComposition: PER_MAP_SCALED_SHARES } : quantified;
      }
      const loaded = await loadDataset(p, params.datasetId);
      const { width, height, elements, maps } = loaded.inputs;
      return quantifyRegion(maps, elements, width, height, 'raw map units', params.region);
    }),
    'gamma.scan': ({ resultId, gammas, region }) => guarded(async () => {
      const p = requireProject();
      const { record } = await readResult(p, resultId);
      if (record.params.normalise === 'reference') throw new ApiError('input', `no γ scan of result ${resultId}: ${PER_MAP_SCALED_SHARES}`);
      const loaded = await loadDataset(p, record.datasetId);
      const s = settings.get();
      return gammaScanOnHost({
        computeHost, inputs: loaded.inputs, params: record.params, gammas, ...(region ? { region } : {}),
        options: { backend: s.backend, ...(s.threads !== null ? { threads: s.threads } : {}) },
        track: (job) => { jobs.set(job.id, job); void job.result.catch(() => undefined).finally(() => jobs.delete(job.id)); },
      });
    }),
    'export.figure': ({ resultId, destination, ...options }) => guarded(async () => {
      const p = requireWritable();
      const { source, inputs, record } = await readResult(p, resultId);
      return { file: await exportFigure({ ...source, inputs: await figureInputs(p, record, inputs) }, options, await exportFolder(p, destination)) };
    }),
    'export.data': ({ resultId, destination, ...options }) => guarded(async () => {
      const p = requireWritable();
      const { source } = await readResult(p, resultId);
      return { files: await exportData(source, options, await exportFolder(p, destination)) };
    }),

    'watch.start': (params) => guarded(() => watch.start(params)),
    'watch.stop': () => guarded(() => watch.stop()),
    'watch.state': async () => watch.state(),

    'sweep.start': (params) => guarded(() => sweeps.start(params)),
    'sweep.resume': (params) => guarded(() => sweeps.resume(params)),
    'sweep.cancel': (params) => guarded(() => sweeps.cancel(params)),
    'sweep.list': () => guarded(() => sweeps.list()),
    'sweep.get': (params) => guarded(() => sweeps.get(params)),

    subscribe: (listener) => {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    dispose: async () => {
      for (const job of jobs.values()) job.cancel();
      await watch.stop();
      await sweeps.stopAll();
      await uploads.clear();
      if (project && !project.closed) await project.close();
      project = null;
    },
  };
  return service;
}
