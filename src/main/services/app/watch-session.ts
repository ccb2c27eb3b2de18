// watch.*: near-live fusion of an acquisition folder for the app. The watcher (services/watcher) finds complete
// datasets; each is fused on the compute host as a 'preview' job, so it pre-empts a running batch fusion. Results
// go to <project>/watch/<dataset>/ in the `fusem fuse` layout (or <config>/watch/ when no project is open).

import path from 'node:path';
import { ApiError, type ApiEvent, type Settings, type WatchState } from '../../../shared/api/index.js';
import { FusionCancelled } from '../../../compute/solve/fuse.js';
import type { ComputeHost } from '../../../compute/host/index.js';
import { createWatcher, type AcquisitionWatcher, type FuseDataset, type WatcherEvents } from '../watcher/index.js';
import type { ProjectHandle } from '../project/index.js';

export interface WatchSessionOptions {
  computeHost: ComputeHost;
  settings: () => Settings;
  project: () => ProjectHandle | null;
  emit: (event: ApiEvent) => void;
  /** Where results go when no project is open. */
  fallbackOut: string;
}

const EVENT_NAMES: (keyof WatcherEvents)[] = ['dataset-detected', 'dataset-queued', 'fusion-started', 'fusion-progress', 'fusion-done', 'dataset-failed', 'watcher-error', 'idle'];

export class WatchSession {
  private watcher: AcquisitionWatcher | null = null;
  private dir: string | null = null;
  private out: string | null = null;

  constructor(private readonly options: WatchSessionOptions) {}

  /** Fuse on the compute host, as a preview job that pre-empts batch work. */
  private readonly fuseOnHost: FuseDataset = (inputs, params, { warmStart, onProgress, signal }) => {
    const s = this.options.settings();
    const job = this.options.computeHost.submit({
      inputs, params, priority: 'preview',
      options: { backend: s.backend, ...(s.threads !== null ? { threads: s.threads } : {}), ...(warmStart ? { warmStart } : {}) },
    });
    if (onProgress) job.onProgress(({ record, iterations }) => onProgress({ record, iterations }));
    signal?.addEventListener('abort', () => job.cancel(), { once: true });
    return job.result.catch((e: unknown) => {
      throw e instanceof FusionCancelled ? new Error('fusion cancelled: the watcher stopped') : e;
    });
  };

  async start(params: { dir: string; poll?: boolean | undefined; pollIntervalMs?: number | undefined }): Promise<WatchState> {
    if (this.watcher) throw new ApiError('conflict', `already watching ${this.dir}; stop it first`);
    const project = this.options.project();
    const out = project ? path.join(project.dir, 'watch') : this.options.fallbackOut;
    const watcher = createWatcher({
      dir: params.dir, out, fuseDataset: this.fuseOnHost,
      ...(project ? { params: project.parameters() } : {}),
      ...(params.poll !== undefined ? { usePolling: params.poll } : {}),
      ...(params.pollIntervalMs !== undefined ? { pollIntervalMs: params.pollIntervalMs } : {}),
    });
    for (const type of EVENT_NAMES) {
      watcher.on(type, (payload) => this.options.emit({ event: 'watch.event', payload: { type, ...payload } as never }));
    }
    await watcher.start();
    this.watcher = watcher;
    this.dir = path.resolve(params.dir);
    this.out = out;
    return this.state();
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
