// sweep.*: dose/SNR sweeps (the paper's Fig. 6) for the app. A sweep lives in the open project under
// <project>/sweeps/<sweepId>/ in the SweepStore layout of src/compute/sweep (sweep.json + cells/<k>.json), so
// `fusem sweep --collect` reads it too. Its cells run in the background, in order, one fusion at a time as 'batch'
// jobs on the compute host (a preview pre-empts them); finished cells are kept, so a cancelled or interrupted sweep
// resumes where it stopped. Running sweeps are stopped (not lost) when the project closes or the service ends.

import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ComputeHost } from '../../../compute/host/index.js';
import { FusionCancelled } from '../../../compute/solve/fuse.js';
import { DEFAULT_PARAMS } from '../../../compute/solve/params.js';
import { cellCount, makeGrid } from '../../../compute/sweep/grid.js';
import type { FuseFn } from '../../../compute/sweep/run-cell.js';
import { runSweep } from '../../../compute/sweep/run-sweep.js';
import { SweepMismatch, SweepStore, type SweepFile } from '../../../compute/node/sweep-store.js';
import { ApiError, Id, type ApiEvent, type ParsedParams, type Result, type Settings } from '../../../shared/api/index.js';
import type { ProjectHandle } from '../project/index.js';

export interface SweepServiceOptions {
  computeHost: ComputeHost;
  settings: () => Settings;
  /** The open project, or null. */
  project: () => ProjectHandle | null;
  emit: (event: ApiEvent) => void;
}

/** The noise seed base of app sweeps (the default of `fusem sweep --seed`). */
export const SWEEP_SEED = 1;

/** Sweeps live in <project>/sweeps/. */
export const SWEEPS_DIR = 'sweeps';

/** A new sweep id: `sw-<UTC time>-<random hex>`, e.g. sw-20260321T153012-a1b2c3. */
export function newSweepId(now = new Date()): string {
  const time = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
  return `sw-${time}-${randomBytes(3).toString('hex')}`;
}

interface Running {
  readonly controller: AbortController;
  /** Settles when the run has ended and `sweep.done` was emitted. */
  finished: Promise<void>;
}

/** Non-finite values (e.g. a cell without standard errors) as null, so the matrices validate. */
const finiteOrNull = (m: (number | null)[][]): (number | null)[][] => m.map((row) => row.map((v) => (v !== null && Number.isFinite(v) ? v : null)));

export class SweepService {
  private readonly running = new Map<string, Running>();

  constructor(private readonly options: SweepServiceOptions) {}

  /** One fusion of a cell, as a 'batch' job on the compute host; the signal cancels the job. */
  private readonly fuseOnHost: FuseFn = (inputs, params, { signal }) => {
    if (signal?.aborted) return Promise.reject(new FusionCancelled());
    const s = this.options.settings();
    const job = this.options.computeHost.submit({
      inputs, params, priority: 'batch',
      options: { backend: s.backend, ...(s.threads !== null ? { threads: s.threads } : {}) },
    });
    const onAbort = (): void => job.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    return job.result.finally(() => signal?.removeEventListener('abort', onAbort));
  };

  private emit(event: ApiEvent): void {
    try {
      this.options.emit(event);
    } catch {
      // a listener's failure must not stop the sweep
    }
  }

  private project(): ProjectHandle {
    const p = this.options.project();
    if (!p || p.closed) throw new ApiError('conflict', 'no project is open: create or open one first');
    return p;
  }

  private writable(): ProjectHandle {
    const p = this.project();
    if (p.readOnly) throw new ApiError('forbidden', `${p.dir} is open read-only`);
    return p;
  }

  private sweepDir(p: ProjectHandle, sweepId: string): string {
    return path.join(p.dir, SWEEPS_DIR, sweepId);
  }

  /** The sweep's store and sweep.json; not-found when there is no such sweep, input when its sweep.json is unreadable. */
  private async open(p: ProjectHandle, sweepId: string): Promise<{ store: SweepStore; created: string }> {
    const dir = this.sweepDir(p, sweepId);
    const exists = await stat(SweepStore.sweepFile(dir)).then((s) => s.isFile(), () => false);
    if (!exists) throw new ApiError('not-found', `no sweep ${sweepId} in ${p.dir}`);
    try {
      const store = await SweepStore.open(dir);
      const file = JSON.parse(await readFile(SweepStore.sweepFile(dir), 'utf8')) as Partial<SweepFile>;
      return { store, created: typeof file.createdAt === 'string' ? file.createdAt : '' };
    } catch (e) {
      if (e instanceof SweepMismatch || e instanceof SyntaxError) throw new ApiError('input', `sweep ${sweepId}: ${e.message}`);
      throw e;
    }
  }

  /** Runs the store's missing cells in the background; emits sweep.progress per cell and sweep.done at the end. */
  private launch(sweepId: string, store: SweepStore): void {
    const controller = new AbortController();
    const entry: Running = { controller, finished: Promise.resolve() };
    this.running.set(sweepId, entry);
    entry.finished = (async () => {
      let cancelled = false;
      let error: string | undefined;
      try {
        const run = await runSweep(store, {
          signal: controller.signal,
          fuse: this.fuseOnHost,
          onProgress: (p) => {
            if (p.kind !== 'cell') return;
            this.emit({ event: 'sweep.progress', payload: { sweepId, done: p.done, total: p.total, cell: p.cell, meanNrmse: p.result.meanNrmse } });
          },
        });
        cancelled = run.cancelled;
      } catch (e) {
        if (controller.signal.aborted) cancelled = true;
        else error = e instanceof Error ? e.message : String(e);
      } finally {
        this.running.delete(sweepId);
      }
      this.emit({ event: 'sweep.done', payload: { sweepId, cancelled, ...(error !== undefined ? { error } : {}) } });
    })();
  }

  async start(params: ParsedParams<'sweep.start'>): Promise<Result<'sweep.start'>> {
    const p = this.writable();
    let grid;
    try {
      grid = makeGrid({
        phantom: params.phantom, size: params.size, haadfSnr: params.haadfSnr, chemSnr: params.chemSnr,
        realisations: params.realisations, seed: SWEEP_SEED, params: params.params ?? DEFAULT_PARAMS,
      });
    } catch (e) {
      if (e instanceof RangeError) throw new ApiError('bad-request', e.message);
      throw e;
    }
    const sweepId = newSweepId();
    const store = await SweepStore.create(this.sweepDir(p, sweepId), grid);
    this.launch(sweepId, store);
    return { sweepId };
  }

  async resume({ sweepId }: ParsedParams<'sweep.resume'>): Promise<Result<'sweep.resume'>> {
    const p = this.writable();
    const busy = (): ApiError => new ApiError('conflict', `sweep ${sweepId} is already running`);
    if (this.running.has(sweepId)) throw busy();
    const { store } = await this.open(p, sweepId);
    if (this.running.has(sweepId)) throw busy();
    this.launch(sweepId, store);
    return { sweepId };
  }

  /** Stops a running sweep after/inside its current cell; false when it was not running (or already stopping). */
  async cancel({ sweepId }: ParsedParams<'sweep.cancel'>): Promise<Result<'sweep.cancel'>> {
    const p = this.project();
    const entry = this.running.get(sweepId);
    if (entry) {
      const was = entry.controller.signal.aborted;
      entry.controller.abort(); // synchronously: no further cell starts
      return { cancelled: !was };
    }
    await this.open(p, sweepId); // not-found for an unknown sweep
    return { cancelled: false };
  }

  async list(): Promise<Result<'sweep.list'>> {
    const p = this.project();
    const root = path.join(p.dir, SWEEPS_DIR);
    const names = await readdir(root, { withFileTypes: true }).then(
      (entries) => entries.filter((d) => d.isDirectory() && Id.safeParse(d.name).success).map((d) => d.name),
      (e: unknown) => { if ((e as { code?: string }).code === 'ENOENT') return []; throw e; },
    );
    const sweeps: Result<'sweep.list'>['sweeps'] = [];
    for (const sweepId of names) {
      let opened;
      try {
        opened = await this.open(p, sweepId);
      } catch (e) {
        if (e instanceof ApiError) continue; // not a sweep, or an unreadable one
        throw e;
      }
      const { store, created } = opened;
      const g = store.grid;
      const collected = await store.collect();
      sweeps.push({
        sweepId, phantom: g.phantom, size: g.size, haadfSnr: g.haadfSnr, chemSnr: g.chemSnr, realisations: g.realisations,
        cells: cellCount(g), done: cellCount(g) - collected.missing.length, running: this.running.has(sweepId), created,
      });
    }
    sweeps.sort((a, b) => (a.created !== b.created ? (a.created < b.created ? 1 : -1) : a.sweepId < b.sweepId ? 1 : -1));
    return { sweeps };
  }

  async get({ sweepId }: ParsedParams<'sweep.get'>): Promise<Result<'sweep.get'>> {
    const p = this.project();
    const { store } = await this.open(p, sweepId);
    const c = await store.collect();
    return {
      sweepId, phantom: c.grid.phantom, haadfSnr: c.grid.haadfSnr, chemSnr: c.grid.chemSnr,
      meanNrmse: finiteOrNull(c.meanNrmse), rawMeanNrmse: finiteOrNull(c.rawMeanNrmse), averageStderr: finiteOrNull(c.averageStderr),
      stderrCorrelation: c.stderrCorrelation !== null && Number.isFinite(c.stderrCorrelation) ? c.stderrCorrelation : null,
      missing: c.missing, complete: c.complete, running: this.running.has(sweepId),
    };
  }

  /** Whether a sweep is running now. */
  isRunning(sweepId: string): boolean {
    return this.running.has(sweepId);
  }

  /** Stops every running sweep and waits until each has ended (finished cells stay; they resume later). */
  async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    for (const r of all) r.controller.abort();
    await Promise.all(all.map((r) => r.finished));
  }
}
