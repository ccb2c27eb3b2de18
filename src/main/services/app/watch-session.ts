// watch.*: near-live fusion of an acquisition folder for the app. The watcher (services/watcher) finds complete
// datasets; each is fused on the compute host as a 'preview' job, so it pre-empts a running batch fusion. Results
// go to <project>/watch/<dataset>/ in the `fusem fuse` layout (or <config>/watch/ when no project is open); with a
// writable project open, each fused acquisition is also imported (by reference) with its result, so the UI can
// show the newest one at once.

import { checkReadableFolder } from '../../../compute/io/safe-path.js';
import path from 'node:path';
import { stat } from 'node:fs/promises';
import type { InputImages } from '../project/results.js';
import { ApiError, type ApiEvent, type Settings, type WatchState } from '../../../shared/api/index.js';
import { FusionCancelled, type FusionResult } from '../../../compute/solve/fuse.js';
import type { ComputeHost } from '../../../compute/host/index.js';
import { createWatcher, NO_MAP_SETTINGS, SPECTRUM_IMAGE_ROLE, type AcquisitionWatcher, type DatasetMember, type FuseDataset, type WatcherEvents } from '../watcher/index.js';
import type { ProjectHandle } from '../project/index.js';
import { mapRequestOf, spectrumImageKind } from './spectra.js';

export interface WatchSessionOptions {
  computeHost: ComputeHost;
  settings: () => Settings;
  project: () => ProjectHandle | null;
  emit: (event: ApiEvent) => void;
  /** Where results go when no project is open. */
  fallbackOut: string;
  /** A watched acquisition and its result were added to the open project. */
  onProjectResult: () => void;
  /** The name of a watched acquisition's result in the project. */
  resultLabel?: (datasetLabel: string, params: FusionResult['params']) => string;
}

const EVENT_NAMES: (keyof WatcherEvents)[] = ['dataset-detected', 'dataset-queued', 'fusion-started', 'fusion-progress', 'fusion-done', 'dataset-failed', 'watcher-error', 'idle'];

export class WatchSession {
  private watcher: AcquisitionWatcher | null = null;
  private dir: string | null = null;
  private out: string | null = null;
  /** The last fusion's result: the watcher fuses one dataset at a time, so it belongs to the next 'fusion-done'. */
  private lastResult: FusionResult | null = null;
  /** …and the inputs it fused, kept with the result so it stays viewable when the watched files move. */
  private lastInputs: InputImages | null = null;

  constructor(private readonly options: WatchSessionOptions) {}

  /** Fuse on the compute host, as a preview job that pre-empts batch work. */
  private readonly fuseOnHost: FuseDataset = (inputs, params, { warmStart, onProgress, signal }) => {
    const s = this.options.settings();
    this.lastInputs = { width: inputs.width, height: inputs.height, haadf: inputs.haadf, elements: inputs.elements, maps: inputs.maps };
    const job = this.options.computeHost.submit({
      inputs, params, priority: 'preview',
      options: { backend: s.backend, ...(s.threads !== null ? { threads: s.threads } : {}), ...(warmStart ? { warmStart } : {}) },
    });
    if (onProgress) job.onProgress(({ record, iterations }) => onProgress({ record, iterations }));
    signal?.addEventListener('abort', () => job.cancel(), { once: true });
    return job.result.then(
      (result) => (this.lastResult = result),
      (e: unknown) => { throw e instanceof FusionCancelled ? new Error('fusion cancelled: the watcher stopped') : e; },
    );
  };

  /** Import a fused acquisition (its files, by reference) and its result into the open project, when writable. */
  private async addToProject(done: WatcherEvents['fusion-done'], members: readonly DatasetMember[]): Promise<void> {
    const project = this.options.project();
    const result = this.lastResult;
    const inputs = this.lastInputs;
    this.lastResult = null;
    this.lastInputs = null;
    if (!project || project.readOnly || !result || members.length === 0) return;
    const label = `watched ${done.id}${done.run > 1 ? ` (run ${done.run})` : ''}`;
    // a spectrum image alone, or a DM one beside its HAADF (the element maps beside it were not used): an SI dataset,
    // the SI first, as the Import dialog makes one; anything else: the HAADF and maps as they are
    const siMember = members.find((m) => m.role === SPECTRUM_IMAGE_ROLE) ?? (members.length === 1 ? members[0]! : null);
    const spectrumImage = siMember ? await spectrumImageKind(this.options.computeHost, siMember.file) : null;
    const haadf = members.find((m) => m.role === 'HAADF');
    const files = spectrumImage && siMember ? [siMember.file, ...(haadf && haadf !== siMember ? [haadf.file] : [])] : members.map((m) => m.file);
    const dataset = await project.importDataset(files, { mode: 'reference', label, ...(spectrumImage ? { spectrumImage } : {}) });
    await project.addResult(dataset.id, result, {
      label: this.options.resultLabel?.(label, result.params) ?? label, notes: [`fused near-live from ${this.dir}; also in ${done.resultDir}`],
      ...(inputs ? { inputImages: inputs } : {}),
    });
    this.options.onProjectResult();
  }

  async start(params: { dir: string; poll?: boolean | undefined; pollIntervalMs?: number | undefined }): Promise<WatchState> {
    if (this.watcher) throw new ApiError('conflict', `already watching ${this.dir}; stop it first`);
    const st = await stat(params.dir).catch(() => null);
    if (!st) throw new ApiError('not-found', `${path.resolve(params.dir)} does not exist: choose an existing acquisition folder`);
    if (!st.isDirectory()) throw new ApiError('input', `${path.resolve(params.dir)} is a file, not a folder: choose the folder the microscope writes to`);
    await checkReadableFolder(params.dir, 'the watched folder'); // no /proc, /sys, /dev: never a folder of acquisitions
    const project = this.options.project();
    const out = project ? path.join(project.dir, 'watch') : this.options.fallbackOut;
    const watcher = createWatcher({
      dir: params.dir, out, fuseDataset: this.fuseOnHost,
      // a spectrum image that lands is mapped with the open project's map settings at that moment (issue 11)
      // (and its frame selection, as the Fuse panel maps them)
      mapSettings: (kind) => {
        const s = this.options.project()?.mapSettings(kind);
        return s && s.elements.length > 0 ? { ...mapRequestOf(s), ...(s.frames ? { frames: { ...s.frames } } : {}) } : null;
      },
      // …read and mapped by the compute process, as the Spectrum tab's maps are: the service is not held meanwhile
      spectra: {
        kind: (file) => spectrumImageKind(this.options.computeHost, file),
        map: (file, request, frames) => this.options.computeHost.spectrum({ op: 'map', file, request, ...(frames ? { frames: { ...frames } } : {}) }),
      },
      ...(project ? { params: project.parameters() } : {}),
      ...(params.poll !== undefined ? { usePolling: params.poll } : {}),
      ...(params.pollIntervalMs !== undefined ? { pollIntervalMs: params.pollIntervalMs } : {}),
    });
    const forward = (type: keyof WatcherEvents, payload: object) => this.options.emit({ event: 'watch.event', payload: { type, ...payload } as never });
    for (const type of EVENT_NAMES) {
      if (type === 'fusion-done') continue;
      watcher.on(type, (payload) => forward(type, payload));
    }
    watcher.on('fusion-done', (done) => {
      const members = watcher.state().find((d) => d.id === done.id)?.members ?? [];
      this.addToProject(done, members).catch((e: unknown) => {
        forward('watcher-error', { message: `could not add ${done.id} to the project: ${e instanceof Error ? e.message : String(e)}` });
      }).finally(() => forward('fusion-done', done));
    });
    await watcher.start();
    this.watcher = watcher;
    this.dir = path.resolve(params.dir);
    this.out = out;
    return this.state();
  }

  /** The project's map settings changed: spectrum images that failed for want of them are read again (issue 11). */
  mapSettingsChanged(): number {
    const w = this.watcher;
    if (!w) return 0;
    return w.state().filter((d) => d.phase === 'failed' && d.message?.includes(NO_MAP_SETTINGS)).filter((d) => w.refuse(d.id)).length;
  }

  async stop(): Promise<WatchState> {
    const watcher = this.watcher;
    this.watcher = null;
    if (watcher) await watcher.stop();
    return this.state();
  }

  state(): WatchState {
    return { running: this.watcher !== null, dir: this.dir, out: this.out, datasets: this.watcher?.state() ?? [] };
  }
}
