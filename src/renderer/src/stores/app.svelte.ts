// The application's state and its conversation with the backend (the typed API, src/renderer/src/api): the open
// project, its datasets and results, the selected ones and their images, the running fusion and its live history,
// the acquisition watcher. Views read these fields and call these methods; the measure and export panels also send
// their one-off requests (quantify.region, export.figure / export.data) through `app.api` themselves.

import { createApiClient, type ApiClient } from '../api/index.js';
import type { DatasetData, DatasetSummary } from '../../../shared/api/schemas/dataset.js';
import type { PreviewFrame } from '../../../shared/api/schemas/fusion.js';
import type { ProjectInfo, RecentProject } from '../../../shared/api/schemas/project.js';
import type { GivenFactors } from '../../../compute/kfactors/factors.js';
import type { ResultData, ResultSummary } from '../../../shared/api/schemas/result.js';
import type { Region } from '../../../shared/api/schemas/quantify.js';
import type { SweepData, SweepPhantom, SweepSummary } from '../../../shared/api/schemas/sweep.js';
import type { GammaScanResult } from '../../../shared/api/schemas/gamma.js';
import type { z } from '../../../shared/api/z.js';
import type { Settings } from '../../../shared/api/schemas/settings.js';
import type { WatchEvent, WatchState } from '../../../shared/api/schemas/watch.js';
import type { FileEntry, FilesBrowseResult } from '../../../shared/api/schemas/files.js';
import type { IterationRecord } from '../../../compute/solve/history.js';
import type { FusionParams } from '../../../compute/solve/params.js';

export type JobPhase = 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobState {
  jobId: string | null;
  datasetId: string;
  phase: JobPhase;
  iteration: number;
  iterations: number;
  level: 'coarse' | 'full';
  history: IterationRecord[];
  preview: PreviewFrame | null;
  message: string | null;
  resultId: string | null;
  startedAt: number;
  /** While λ are chosen from the data (before the first iteration): validation fusions done, and the best λ so far. */
  search: { done: number; best: { lambdaTV: number; lambdaChem: number } } | null;
}

export interface WatchLogLine { at: number; text: string; kind: 'info' | 'error' | 'done' }

/** One message in the app-wide notification area: a failure (naming the file and the problem) or news. */
export interface Notice { id: number; kind: 'error' | 'info'; text: string; at: number }

/** How an import reads its files: as one dataset, copied into the project or referenced where they are. */
export interface ImportChoice { paths: string[]; mode: 'copy' | 'reference'; label?: string; elements?: Record<string, string> }

/** Upload chunk size in bytes (base64 of it stays under the API's chunk cap). */
const UPLOAD_CHUNK = 512 * 1024;

function base64Of(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// Issue 6 (the trust features): sweeps and γ scans, in the API's shapes.
export type Phantom = z.output<typeof SweepPhantom>;
export type { SweepData, SweepSummary };
export type GammaScan = GammaScanResult;
/** The last sweep.progress of a running sweep. */
export interface SweepProgress { done: number; total: number; cell: number; meanNrmse: number }

/** One sentence for a failure, whatever was thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class AppStore {
  readonly api: ApiClient | null;
  apiVersion = $state<string | null>(null);
  settings = $state<Settings | null>(null);
  project = $state<ProjectInfo | null>(null);
  recent = $state<RecentProject[]>([]);
  datasets = $state<DatasetSummary[]>([]);
  results = $state<ResultSummary[]>([]);
  datasetId = $state<string | null>(null);
  resultId = $state<string | null>(null);
  /** The selected dataset's images. */
  dataset = $state.raw<DatasetData | null>(null);
  /** The selected result's maps and history. */
  result = $state.raw<ResultData | null>(null);
  /** A second result shown beside the first, to compare. */
  compareId = $state<string | null>(null);
  compare = $state.raw<ResultData | null>(null);
  job = $state.raw<JobState | null>(null);
  /** What the app is waiting for, in words (shown in the status bar). */
  busy = $state<string | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  watch = $state.raw<WatchState | null>(null);
  /** The app-wide notification area (newest first). */
  notices = $state.raw<Notice[]>([]);
  /** Why the selected dataset's files cannot be read (a file moved), naming the file; its result is shown from the copy it kept. */
  datasetProblem = $state<string | null>(null);
  private noticeSeq = 0;
  watchLog = $state.raw<WatchLogLine[]>([]);
  /** Live cost terms of the watcher's current fusion. */
  watchHistory = $state.raw<{ id: string; records: { iteration: number; haadf: number; chem: number; tv: number; total: number }[] } | null>(null);
  /** Show the standard-error maps in place of the fused maps. */
  showStderr = $state(false);
  /** The open project's dose/SNR sweeps, the selected one, and the live progress of running ones. */
  sweeps = $state.raw<SweepSummary[]>([]);
  sweepId = $state<string | null>(null);
  sweep = $state.raw<SweepData | null>(null);
  sweepProgress = $state.raw<Record<string, SweepProgress>>({});

  private readonly early = new Map<string, { records: IterationRecord[]; iterations: number; preview: PreviewFrame | null; search?: JobState['search']; done?: string; failed?: { reason: string; cancelled: boolean } }>();
  private readonly unsubscribe: (() => void)[] = [];
  private watchRefresh: ReturnType<typeof setTimeout> | undefined;

  constructor(api: ApiClient | null = createApiClient()) {
    this.api = api;
    if (!api) return;
    this.unsubscribe.push(
      api.on('fusion.progress', (e) => this.onProgress(e.jobId, e.record, e.iterations, e.preview ?? null)),
      api.on('fusion.search', (e) => this.onSearch(e.jobId, { done: e.done, best: e.best })),
      api.on('fusion.done', (e) => void this.onDone(e.jobId, e.resultId)),
      api.on('fusion.failed', (e) => this.onFailed(e.jobId, e.reason, e.cancelled ?? false)),
      api.on('project.changed', (e) => void this.onProjectChanged(e.reason, e.project)),
      api.on('watch.event', (e) => this.onWatchEvent(e)),
      api.on('sweep.progress', (e) => this.onSweepProgress(e.sweepId, { done: e.done, total: e.total, cell: e.cell, meanNrmse: e.meanNrmse })),
      api.on('sweep.done', (e) => void this.onSweepDone(e.sweepId, e.cancelled, e.error)),
    );
  }

  /** First contact: version, settings, recent projects, and whatever project the backend already has open. */
  async start(): Promise<void> {
    const api = this.api;
    if (!api) return;
    api.request('app.version').then((r) => (this.apiVersion = r.version), (e: unknown) => console.warn('fusem: app.version failed', e));
    try {
      this.settings = await api.request('settings.get');
    } catch (e) {
      console.warn('fusem: settings.get failed', e);
    }
    await this.loadRecent();
    try {
      this.watch = await api.request('watch.state');
    } catch { /* older backend */ }
    // A reloaded page (or a second tab) carries on with the project this backend has open.
    try {
      const current = await api.request('project.current');
      if (current && !this.project) await this.enterProject(current);
    } catch { /* older backend */ }
  }

  // ---- notices ------------------------------------------------------------------------------------------------------

  /** Show `text` in the notification area (the same text twice in a row is shown once). */
  notify(text: string, kind: Notice['kind'] = 'error'): void {
    if (this.notices[0]?.text === text) return;
    this.notices = [{ id: ++this.noticeSeq, kind, text, at: Date.now() }, ...this.notices].slice(0, 20);
  }

  dismissNotice(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
    clearTimeout(this.watchRefresh);
    clearTimeout(this.sweepRefresh);
    this.api?.close();
  }

  private async call<T>(what: string | null, body: (api: ApiClient) => Promise<T>): Promise<T | undefined> {
    if (!this.api) {
      this.error = 'No backend: open this page from the fusem app or `fusem serve`.';
      return undefined;
    }
    if (what) this.busy = what;
    this.error = null;
    try {
      return await body(this.api);
    } catch (e) {
      this.error = messageOf(e);
      this.notify(this.error);
      return undefined;
    } finally {
      if (what && this.busy === what) this.busy = null;
    }
  }

  async loadRecent(): Promise<void> {
    await this.call(null, async (api) => {
      this.recent = (await api.request('project.recent')).projects;
    });
  }

  async setTheme(theme: Settings['theme']): Promise<void> {
    if (this.settings) this.settings = { ...this.settings, theme };
    await this.call(null, async (api) => {
      this.settings = await api.request('settings.set', { theme });
    });
  }

  // ---- projects ---------------------------------------------------------------------------------------------------

  async openDemo(): Promise<void> {
    const info = await this.call('Opening the demo…', (api) => api.request('demo.open'));
    if (info) await this.enterProject(info);
  }

  async openProject(dir: string, readOnly = false): Promise<void> {
    const info = await this.call(`Opening ${dir}…`, (api) => api.request('project.open', { dir, ...(readOnly ? { readOnly } : {}) }));
    if (info) await this.enterProject(info);
  }

  async createProject(dir: string, name: string): Promise<void> {
    const info = await this.call(`Creating ${dir}…`, (api) => api.request('project.create', { dir, name }));
    if (info) await this.enterProject(info);
  }

  async closeProject(): Promise<void> {
    await this.call('Closing…', (api) => api.request('project.close'));
    this.leaveProject();
    await this.loadRecent();
  }

  private leaveProject(): void {
    this.project = null;
    this.datasetProblem = null;
    this.datasets = [];
    this.results = [];
    this.datasetId = null;
    this.resultId = null;
    this.dataset = null;
    this.result = null;
    this.compare = null;
    this.compareId = null;
    this.job = null;
    this.showStderr = false;
    this.sweeps = [];
    this.sweepId = null;
    this.sweep = null;
    this.sweepProgress = {};
  }

  private async enterProject(info: ProjectInfo): Promise<void> {
    this.leaveProject();
    this.project = info;
    await this.refreshLists();
    const first = this.datasets[0];
    if (first) await this.selectDataset(first.id);
  }

  async refreshLists(): Promise<void> {
    await this.call(null, async (api) => {
      const [d, r] = await Promise.all([api.request('dataset.list'), api.request('result.list')]);
      this.datasets = d.datasets;
      this.results = r.results;
    });
  }

  private async onProjectChanged(reason: string, project: ProjectInfo | null): Promise<void> {
    if (project === null) {
      if (this.project) this.leaveProject();
      return;
    }
    if (this.project === null || this.project.dir !== project.dir) return; // entering goes through enterProject
    this.project = project;
    if (reason === 'datasets' || reason === 'results') await this.refreshLists();
  }

  // ---- selection --------------------------------------------------------------------------------------------------

  /** Results of the selected dataset, newest first. */
  get datasetResults(): ResultSummary[] {
    return this.results.filter((r) => r.datasetId === this.datasetId).sort((a, b) => b.created.localeCompare(a.created));
  }

  async selectDataset(id: string): Promise<void> {
    if (this.datasetId === id && this.dataset) return;
    this.datasetId = id;
    this.resultId = null;
    this.result = null;
    this.compare = null;
    this.compareId = null;
    this.datasetProblem = null;
    if (!this.api) return;
    let data: DatasetData | null = null;
    this.busy = 'Reading the dataset…';
    try {
      data = await this.api.request('dataset.get', { datasetId: id });
    } catch (e) {
      if (this.datasetId === id) {
        this.datasetProblem = messageOf(e); // the newest result, if any, shows its kept copy of the inputs
        this.dataset = null;
      }
    } finally {
      if (this.busy === 'Reading the dataset…') this.busy = null;
    }
    if (this.datasetId !== id) return;
    if (data) {
      this.dataset = data;
      // Datasets read for the first time now know their elements and shape.
      this.datasets = this.datasets.map((d) => (d.id === id ? data.dataset : d));
    }
    const newest = this.datasetResults[0];
    if (newest) await this.selectResult(newest.id);
    if (this.datasetProblem !== null && !this.dataset && this.datasetId === id) this.notify(this.datasetProblem);
  }

  /** Read the selected dataset's images again (a spectrum image's maps after its map settings changed). */
  async reloadDataset(): Promise<void> {
    const id = this.datasetId;
    if (!id) return;
    const data = await this.call('Making the maps…', (api) => api.request('dataset.get', { datasetId: id }));
    if (data && this.datasetId === id) {
      this.dataset = data;
      this.datasets = this.datasets.map((d) => (d.id === id ? data.dataset : d));
    }
  }

  /** The dataset's images from the copy a result kept of its inputs (the dataset's files are gone). */
  private datasetFromResult(r: ResultData): DatasetData | null {
    const summary = this.datasets.find((d) => d.id === r.result.datasetId);
    if (!r.inputs || !summary) return null;
    return { dataset: { ...summary, elements: r.inputs.maps.map((m) => m.element), shape: [r.inputs.haadf.height, r.inputs.haadf.width] }, haadf: r.inputs.haadf, maps: r.inputs.maps, pixelSize: r.inputs.pixelSize };
  }

  async selectResult(id: string | null): Promise<void> {
    this.resultId = id;
    if (id === null) {
      this.result = null;
      return;
    }
    const summary = this.results.find((r) => r.id === id);
    if (summary && summary.datasetId !== this.datasetId) {
      await this.selectDataset(summary.datasetId);
      this.resultId = id;
    }
    const data = await this.call('Reading the result…', (api) => api.request('result.get', { resultId: id }));
    if (data && this.resultId === id) {
      if (this.datasetProblem !== null && (!this.dataset || this.dataset.dataset.id !== data.result.datasetId)) {
        const kept = this.datasetFromResult(data);
        if (kept) {
          this.dataset = kept;
          this.notify(`${this.datasetProblem}. Showing the inputs kept with the result "${data.result.label ?? data.result.id}".`, 'info');
        }
      }
      this.result = data;
    }
  }

  /** Give a result a new name. */
  async renameResult(id: string, label: string): Promise<void> {
    const renamed = await this.call(null, (api) => api.request('result.rename', { resultId: id, label }));
    if (renamed) this.results = this.results.map((r) => (r.id === id ? renamed : r));
  }

  // ---- import -------------------------------------------------------------------------------------------------------

  /** The supported files of a folder on the backend's machine, described. */
  async browse(dir: string): Promise<FilesBrowseResult | undefined> {
    return this.call(`Reading ${dir}…`, (api) => api.request('files.browse', { dir }));
  }

  /** Files given by path (the native dialog, a drop in the desktop app), described. */
  async describe(paths: string[]): Promise<FileEntry[] | undefined> {
    return (await this.call('Reading the files…', (api) => api.request('files.describe', { paths })))?.files;
  }

  /** Carry the browser's files into the project (in chunks); their paths there, for describe() and importDataset(). */
  async upload(files: readonly File[]): Promise<string[] | undefined> {
    return this.call(`Uploading ${files.length === 1 ? files[0]!.name : `${files.length} files`}…`, async (api) => {
      const paths: string[] = [];
      for (const file of files) {
        const { uploadId } = await api.request('upload.begin', { name: file.name, bytes: file.size });
        let at: string | null = null;
        for (let off = 0; off < file.size; off += UPLOAD_CHUNK) {
          const bytes = new Uint8Array(await file.slice(off, off + UPLOAD_CHUNK).arrayBuffer());
          this.busy = `Uploading ${file.name}: ${Math.round((100 * (off + bytes.length)) / file.size)} %`;
          at = (await api.request('upload.chunk', { uploadId, offset: off, data: base64Of(bytes) })).path;
        }
        if (at === null) throw new Error(`${file.name}: the upload did not complete`);
        paths.push(at);
      }
      return paths;
    });
  }

  /** Import the chosen files as one dataset, and show it. */
  async importDataset(choice: ImportChoice): Promise<boolean> {
    const { paths, mode, label, elements } = choice;
    const summary = await this.call('Importing…', (api) => api.request('dataset.import', {
      files: paths, mode, ...(label ? { label } : {}), ...(elements && Object.keys(elements).length > 0 ? { elements } : {}),
    }));
    if (!summary) return false;
    await this.refreshLists();
    await this.selectDataset(summary.id);
    this.notice = `Imported ${summary.label}`;
    return true;
  }

  /** The newest result of the project (a watched acquisition just fused), shown with its dataset. */
  private async showNewestResult(): Promise<void> {
    const newest = [...this.results].sort((a, b) => b.created.localeCompare(a.created))[0];
    if (newest && newest.id !== this.resultId) await this.selectResult(newest.id);
  }

  async selectCompare(id: string | null): Promise<void> {
    this.compareId = id;
    if (id === null) {
      this.compare = null;
      return;
    }
    const data = await this.call('Reading the result…', (api) => api.request('result.get', { resultId: id }));
    if (data && this.compareId === id) this.compare = data;
  }

  // ---- fusion -----------------------------------------------------------------------------------------------------

  get running(): boolean {
    return this.job !== null && (this.job.phase === 'starting' || this.job.phase === 'running');
  }

  /** `factors`: per-element factors for atomic % (null clears the project's; undefined keeps them). */
  async fuse(params: FusionParams, label?: string, auto = false, factors?: GivenFactors | null): Promise<void> {
    const datasetId = this.datasetId;
    if (!datasetId || this.running) return;
    this.job = {
      jobId: null, datasetId, phase: 'starting', iteration: 0, iterations: params.iterations, level: 'full',
      history: [], preview: null, message: null, resultId: null, startedAt: Date.now(), search: null,
    };
    const started = await this.call(null, (api) => api.request('fusion.start', { datasetId, params, ...(label ? { label } : {}), ...(auto ? { auto: true } : {}), ...(factors !== undefined ? { factors } : {}) }));
    if (!started) {
      this.job = { ...this.job, phase: 'failed', message: this.error };
      return;
    }
    const early = this.early.get(started.jobId);
    this.early.delete(started.jobId);
    this.early.clear();
    this.job = {
      ...this.job, jobId: started.jobId, phase: 'running',
      history: early?.records ?? [], preview: early?.preview ?? null, search: early?.search ?? null,
      iteration: early?.records.at(-1)?.iteration ?? 0, iterations: early?.iterations ?? params.iterations,
    };
    if (early?.done) await this.onDone(started.jobId, early.done);
    else if (early?.failed) this.onFailed(started.jobId, early.failed.reason, early.failed.cancelled);
  }

  async cancel(): Promise<void> {
    const job = this.job;
    if (!job?.jobId || !this.running) return;
    await this.call(null, (api) => api.request('fusion.cancel', { jobId: job.jobId! }));
  }

  /** Events of a job whose fusion.start reply has not come back yet are kept until it does. */
  private pendingFor(jobId: string) {
    if (this.job?.phase !== 'starting') return null;
    let e = this.early.get(jobId);
    if (!e) {
      e = { records: [], iterations: 0, preview: null };
      this.early.set(jobId, e);
    }
    return e;
  }

  private onProgress(jobId: string, record: IterationRecord, iterations: number, preview: PreviewFrame | null): void {
    const job = this.job;
    if (!job || job.jobId !== jobId) {
      const e = this.pendingFor(jobId);
      if (e) {
        e.records.push(record);
        e.iterations = iterations;
        if (preview) e.preview = preview;
      }
      return;
    }
    if (job.phase !== 'running') return;
    this.job = {
      ...job, iteration: record.iteration, iterations, level: record.level,
      history: [...job.history, record], preview: preview ?? job.preview,
    };
  }

  private onSearch(jobId: string, search: NonNullable<JobState['search']>): void {
    const job = this.job;
    if (!job || job.jobId !== jobId) {
      const e = this.pendingFor(jobId);
      if (e) e.search = search;
      return;
    }
    if (job.phase === 'running') this.job = { ...job, search };
  }

  private async onDone(jobId: string, resultId: string): Promise<void> {
    const job = this.job;
    if (!job || job.jobId !== jobId) {
      const e = this.pendingFor(jobId);
      if (e) e.done = resultId;
      return;
    }
    this.job = { ...job, phase: 'done', resultId, iteration: job.iterations };
    await this.refreshLists();
    if (this.datasetId === job.datasetId) await this.selectResult(resultId);
    this.notice = `Fusion done: ${this.results.find((r) => r.id === resultId)?.label ?? resultId}`;
  }

  private onFailed(jobId: string, reason: string, cancelled: boolean): void {
    const job = this.job;
    if (!job || job.jobId !== jobId) {
      const e = this.pendingFor(jobId);
      if (e) e.failed = { reason, cancelled };
      return;
    }
    this.job = { ...job, phase: cancelled ? 'cancelled' : 'failed', message: cancelled ? 'Cancelled' : reason };
    if (!cancelled) {
      const ds = this.datasets.find((d) => d.id === job.datasetId);
      this.notify(`Fusion of ${ds?.label ?? job.datasetId} failed: ${reason}`);
    }
  }

  // ---- γ sensitivity ----------------------------------------------------------------------------------------------

  /** One fusion per γ with the result's parameters; the composition in the region (or the whole non-vacuum image). */
  async gammaScan(resultId: string, gammas: number[], region?: Region): Promise<GammaScan | undefined> {
    return this.call(`Fusing at ${gammas.length} values of γ…`, (api) => api.request('gamma.scan', { resultId, gammas, ...(region ? { region } : {}) }));
  }

  // ---- dose / SNR sweeps --------------------------------------------------------------------------------------------

  async loadSweeps(): Promise<void> {
    if (!this.project) return;
    await this.call(null, async (api) => {
      this.sweeps = (await api.request('sweep.list')).sweeps;
    });
  }

  async selectSweep(id: string | null): Promise<void> {
    this.sweepId = id;
    if (id === null) {
      this.sweep = null;
      return;
    }
    const data = await this.call(null, (api) => api.request('sweep.get', { sweepId: id }));
    if (data && this.sweepId === id) this.sweep = data;
  }

  async sweepStart(params: { phantom: Phantom; size: number; haadfSnr: number[]; chemSnr: number[]; realisations: number; params?: FusionParams }): Promise<void> {
    const r = await this.call('Starting the sweep…', (api) => api.request('sweep.start', params));
    if (!r) return;
    await this.loadSweeps();
    await this.selectSweep(r.sweepId);
  }

  async sweepResume(sweepId: string): Promise<void> {
    const r = await this.call('Resuming the sweep…', (api) => api.request('sweep.resume', { sweepId }));
    if (!r) return;
    await this.loadSweeps();
    await this.selectSweep(r.sweepId);
  }

  async sweepCancel(sweepId: string): Promise<void> {
    await this.call(null, (api) => api.request('sweep.cancel', { sweepId }));
  }

  private sweepRefresh: ReturnType<typeof setTimeout> | undefined;

  private onSweepProgress(sweepId: string, p: SweepProgress): void {
    this.sweepProgress = { ...this.sweepProgress, [sweepId]: p };
    this.sweeps = this.sweeps.map((s) => (s.sweepId === sweepId ? { ...s, done: p.done, running: true } : s));
    // The selected sweep's matrices, a cell at a time (at most every 300 ms).
    if (sweepId === this.sweepId && !this.sweepRefresh) {
      this.sweepRefresh = setTimeout(() => {
        this.sweepRefresh = undefined;
        if (this.sweepId) void this.selectSweep(this.sweepId);
      }, 300);
    }
  }

  private async onSweepDone(sweepId: string, cancelled: boolean, error?: string): Promise<void> {
    const { [sweepId]: _, ...rest } = this.sweepProgress;
    this.sweepProgress = rest;
    if (error) this.error = `Sweep ${sweepId} stopped: ${error}`;
    else this.notice = `Sweep ${sweepId} ${cancelled ? 'cancelled' : 'done'}`;
    await this.loadSweeps();
    if (this.sweepId === sweepId) await this.selectSweep(sweepId);
  }

  // ---- acquisition watching ---------------------------------------------------------------------------------------

  async watchStart(dir: string, poll: boolean): Promise<void> {
    const state = await this.call('Starting the watcher…', (api) => api.request('watch.start', { dir, ...(poll ? { poll } : {}) }));
    if (state) {
      this.watch = state;
      this.log(`Watching ${state.dir ?? dir}; results go to ${state.out ?? '?'}`, 'info');
    }
  }

  async watchStop(): Promise<void> {
    const state = await this.call('Stopping the watcher…', (api) => api.request('watch.stop'));
    if (state) {
      this.watch = state;
      this.log('Stopped watching', 'info');
    }
  }

  private log(text: string, kind: WatchLogLine['kind']): void {
    this.watchLog = [{ at: Date.now(), text, kind }, ...this.watchLog].slice(0, 200);
  }

  private onWatchEvent(e: WatchEvent): void {
    switch (e.type) {
      case 'dataset-detected': this.log(`Detected ${e.file}`, 'info'); break;
      case 'dataset-queued': this.log(`Queued ${e.id} (${e.reason})`, 'info'); break;
      case 'fusion-started':
        this.log(`Fusing ${e.id}: ${e.elements.join(', ')}, ${e.width}×${e.height}${e.warmStart ? ', warm start' : ''}`, 'info');
        this.watchHistory = { id: e.id, records: [] };
        break;
      case 'fusion-progress':
        if (this.watchHistory?.id === e.id) {
          this.watchHistory = { id: e.id, records: [...this.watchHistory.records, { iteration: e.iteration, haadf: e.haadf, chem: e.chem, tv: e.tv, total: e.total }] };
        }
        break;
      case 'fusion-done':
        this.log(`Fused ${e.id} in ${(e.fuseMs / 1000).toFixed(1)} s → ${e.resultDir}`, 'done');
        void this.refreshLists().then(() => this.showNewestResult());
        break;
      case 'dataset-failed':
        this.log(`${e.id} failed (${e.stage}): ${e.message}`, 'error');
        this.notify(`Watched dataset ${e.id} failed (${e.stage}): ${e.message}`);
        break;
      case 'watcher-error':
        this.log(`Watcher: ${e.message}`, 'error');
        this.notify(`Watcher: ${e.message}`);
        break;
      case 'idle': break;
    }
    if (e.type !== 'fusion-progress' || !this.watchRefresh) this.scheduleWatchRefresh();
  }

  private scheduleWatchRefresh(): void {
    if (this.watchRefresh) return;
    this.watchRefresh = setTimeout(() => {
      this.watchRefresh = undefined;
      void this.api?.request('watch.state').then((s) => (this.watch = s), () => undefined);
    }, 250);
  }
}
