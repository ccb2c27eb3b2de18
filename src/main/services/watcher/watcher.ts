// The acquisition-folder watcher (issue 4): finds datasets as they land in a folder, waits until they are completely
// written, fuses each one (one at a time, first come first served) and writes OUT/<id>/ in the `fusem fuse` layout.
// A dataset that changes after it was fused (more frames summed into a file, a new map) is fused again, warm-started
// from its previous result. Bad files are reported as events, never thrown: the watcher keeps going.
//
// Per dataset:  file event → collecting ─(settle)→ checking (stable size+mtime, then read) → queued → fusing → done
//               incomplete group: waits for its HAADF / maps;  unreadable: retrying (backoff) … → failed

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
import type { LoadedInputs } from '../../../compute/io/load-inputs.js';
import { writeResult } from '../../../compute/io/result/write.js';
import { writeResultDir } from '../../../compute/io/result/result-dir.js';
import { isInputError } from '../../../compute/io/errors.js';
import { FusionCancelled, type FusionResult } from '../../../compute/solve/fuse.js';
import { DEFAULT_PARAMS, validateParams, type FusionParams } from '../../../compute/solve/params.js';
import { defaultFuseDataset } from './default-fuse.js';
import { loadWatchedDataset, localSpectra, missingMembers, type SpectrumSource } from './load-dataset.js';
import type { WatchedMapSettings } from './load-dataset.js';
import { classifyFile } from './naming.js';
import { fileSignature, stableSignatures } from './stability.js';
import { isTempName } from './temp-files.js';
import { TypedEmitter } from './typed-emitter.js';
import type {
  DatasetKind, DatasetMember, DatasetPhase, DatasetSnapshot, FuseDataset, ResolvedWatcherOptions, WatcherEvents, WatcherOptions,
} from './types.js';
import { WarmStartStore } from './warm-start.js';
import { WatchJournal } from './journal.js';
import { fusedResultProblem } from '../../../compute/solve/result-check.js';

const DEFAULTS = {
  usePolling: false, pollIntervalMs: 500, depth: 1, settleMs: 1500, stableChecks: 3, stableIntervalMs: 200,
  readAttempts: 5, retryDelayMs: 500, warmStartCache: 16, backend: 'auto',
} as const;

/** Phases in which a dataset still has work pending (the watcher is not idle). */
const BUSY: ReadonlySet<DatasetPhase> = new Set(['collecting', 'checking', 'retrying', 'queued', 'fusing']);

interface Dataset {
  id: string;
  kind: DatasetKind;
  /** By absolute path: its role and last seen size:mtime. */
  members: Map<string, { role: string; signature: string | null }>;
  phase: DatasetPhase;
  /** Bumped on every file event that changes the dataset; async steps started for an older generation give up. */
  generation: number;
  lastEventAt: number;
  timer: NodeJS.Timeout | null;
  attempts: number;
  message: string | null;
  updatedAt: number;
  fusions: number;
  resultDir: string | null;
  /** Signatures of the content whose outcome (done or failed) is known, to ignore events that change nothing. */
  settled: { signatures: Map<string, string>; phase: 'done' | 'failed'; message: string | null } | null;
  /** When queued: what was read, and the timings so far. */
  job: { loaded: LoadedInputs; signatures: Map<string, string>; waitMs: number; readMs: number; queuedAt: number } | null;
  /** Its files changed while it was being fused: look again afterwards. */
  changedWhileFusing: boolean;
  iteration: number | null;
  iterations: number | null;
}

function resolve(o: WatcherOptions): ResolvedWatcherOptions {
  return {
    dir: path.resolve(o.dir), out: path.resolve(o.out),
    usePolling: o.usePolling ?? DEFAULTS.usePolling, pollIntervalMs: o.pollIntervalMs ?? DEFAULTS.pollIntervalMs,
    depth: o.depth ?? DEFAULTS.depth, settleMs: o.settleMs ?? DEFAULTS.settleMs, stableChecks: o.stableChecks ?? DEFAULTS.stableChecks,
    stableIntervalMs: o.stableIntervalMs ?? DEFAULTS.stableIntervalMs, readAttempts: Math.max(1, o.readAttempts ?? DEFAULTS.readAttempts),
    retryDelayMs: o.retryDelayMs ?? DEFAULTS.retryDelayMs, warmStartCache: o.warmStartCache ?? DEFAULTS.warmStartCache,
    backend: o.backend ?? DEFAULTS.backend, threads: o.threads,
  };
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const sameSignatures = (a: Map<string, string>, b: Map<string, string>): boolean => a.size === b.size && [...a].every(([f, s]) => b.get(f) === s);
/** An error saying the OS's limit on file watches is reached (Linux inotify: EMFILE instances, ENOSPC watches). */
const isWatchLimit = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'EMFILE' || code === 'ENOSPC';
};
const isInside = (parent: string, p: string): boolean => {
  const rel = path.relative(parent, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

export class AcquisitionWatcher extends TypedEmitter<WatcherEvents> {
  readonly options: ResolvedWatcherOptions;
  #params: FusionParams;
  /** How a landing spectrum image is mapped (the project's current map settings). */
  readonly #mapSettings: (kind: 'EELS' | 'EDX') => WatchedMapSettings | null;
  readonly #spectra: SpectrumSource;
  readonly #fuseDataset: FuseDataset;
  readonly #datasets = new Map<string, Dataset>();
  readonly #queue: string[] = [];
  readonly #warm: WarmStartStore;
  readonly #rootName: string;
  /** What earlier runs over this output folder finished (OUT/.fusem-watch-journal.jsonl). */
  #journal: WatchJournal | null = null;
  #fsWatcher: FSWatcher | null = null;
  #ready = false;
  #stopped = false;
  #running: { id: string; abort: AbortController; done: Promise<void> } | null = null;
  #idleWaiters: (() => void)[] = [];
  readonly #rescans = new Set<NodeJS.Timeout>();
  #wasIdle = false;

  constructor(options: WatcherOptions) {
    let reporting = false; // a throwing 'watcher-error' listener must not report itself forever
    super((e) => {
      if (reporting) return;
      reporting = true;
      try { this.emit('watcher-error', { message: `an event listener threw: ${messageOf(e)}` }); } finally { reporting = false; }
    });
    this.options = resolve(options);
    this.#params = { ...(options.params ?? DEFAULT_PARAMS) };
    this.#fuseDataset = options.fuseDataset ?? defaultFuseDataset(this.options.backend, this.options.threads);
    this.#mapSettings = options.mapSettings ?? (() => null);
    this.#spectra = options.spectra ?? localSpectra();
    this.#warm = new WarmStartStore(this.options.warmStartCache);
    this.#rootName = path.basename(this.options.dir) || 'dataset';
  }

  /** Start watching; resolves once the files already in the folder have been seen (they are then being processed). */
  async start(): Promise<void> {
    if (this.#fsWatcher) throw new Error('the watcher is already started');
    const { dir, out } = this.options;
    if (out === dir) throw new Error(`the results folder must not be the watched folder itself (${dir}): use a subfolder or another folder`);
    const outInside = isInside(dir, out) && out !== dir;
    this.#journal = await WatchJournal.open(out);
    await this.#openFsWatcher(this.options.usePolling, outInside);
    this.#ready = true;
    this.#checkIdle();
  }

  /** Watch the folder by OS events or by polling; resolves once the files already there have been seen. */
  async #openFsWatcher(usePolling: boolean, outInside: boolean): Promise<void> {
    const { dir, out } = this.options;
    const watcher = watch(dir, {
      persistent: true, ignoreInitial: false, alwaysStat: true, depth: this.options.depth,
      usePolling, interval: this.options.pollIntervalMs, binaryInterval: this.options.pollIntervalMs,
      ignored: (p: string) => p !== dir && (isTempName(path.basename(p)) || (outInside && isInside(out, p))),
    });
    this.#fsWatcher = watcher;
    watcher.on('add', (p: string, stats?: Stats) => this.#onFile('add', p, stats));
    watcher.on('change', (p: string, stats?: Stats) => this.#onFile('change', p, stats));
    watcher.on('unlink', (p: string) => this.#onFile('unlink', p));
    watcher.on('addDir', (p: string) => { if (this.#ready) this.#rescanLater(path.resolve(p)); });
    let ready = false;
    let limit: unknown = null; // a watch-limit error during the first scan: fall back once the scan is done
    watcher.on('error', (e: unknown) => {
      if (!usePolling && isWatchLimit(e)) {
        if (ready) void this.#fallBackToPolling(watcher, e, outInside);
        else limit ??= e;
        return;
      }
      this.emit('watcher-error', { message: messageOf(e) });
    });
    await new Promise<void>((done) => watcher.once('ready', () => done()));
    ready = true;
    if (limit !== null) await this.#fallBackToPolling(watcher, limit, outInside);
  }

  /**
   * The OS refused another file watch (inotify's per-user limits: EMFILE for instances, ENOSPC for watches), so new
   * files would go unseen: say so once and watch the same folder by polling. Files already seen keep their state
   * (the polling watcher's first scan reports them again with the same size and mtime, which changes nothing).
   */
  async #fallBackToPolling(failed: FSWatcher, e: unknown, outInside: boolean): Promise<void> {
    if (this.#stopped || this.#fsWatcher !== failed) return; // stopped, or already replaced after an earlier error
    this.#fsWatcher = null;
    const code = (e as NodeJS.ErrnoException).code;
    this.emit('watcher-error', {
      message: `the system refused to watch more files (${code}: the limit on file watches is reached) — watching ${this.options.dir} by polling every ${this.options.pollIntervalMs} ms instead (raising fs.inotify.max_user_watches / max_user_instances restores event watching)`,
    });
    await failed.close();
    if (this.#stopped) return;
    await this.#openFsWatcher(true, outInside); // sets #fsWatcher at once, so a stop() from now on closes it
  }

  /** Stop watching: closes the file watcher and every timer, cancels a running fusion; the process can then exit. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const ds of this.#datasets.values()) if (ds.timer) { clearTimeout(ds.timer); ds.timer = null; }
    for (const t of this.#rescans) clearTimeout(t);
    this.#rescans.clear();
    this.#queue.length = 0;
    const running = this.#running;
    running?.abort.abort();
    await this.#fsWatcher?.close();
    await running?.done;
    for (const w of this.#idleWaiters.splice(0)) w();
    this.removeAllListeners();
  }

  /** The parameters the next fusion will use. */
  params(): FusionParams {
    return { ...this.#params };
  }

  /** Use these parameters from the next fusion on (a running fusion keeps the ones it started with). */
  setParams(params: FusionParams): void {
    this.#params = { ...params };
  }

  /** Fuse a dataset again (e.g. after setParams), warm-started from its result; false when it is unknown or busy. */
  refuse(id: string): boolean {
    const ds = this.#datasets.get(id);
    if (!ds || this.#stopped || BUSY.has(ds.phase)) return false;
    ds.settled = null;
    ds.attempts = 0;
    this.#setPhase(ds, 'collecting', null);
    this.#schedule(ds, 0);
    return true;
  }

  /** Every dataset seen, in the order first seen, with where it is. */
  state(): DatasetSnapshot[] {
    return [...this.#datasets.values()].map((ds) => ({
      id: ds.id, kind: ds.kind, phase: ds.phase,
      members: this.#members(ds),
      fusions: ds.fusions, resultDir: ds.resultDir,
      queuePosition: ds.phase === 'queued' ? this.#queue.indexOf(ds.id) : null,
      iteration: ds.phase === 'fusing' ? ds.iteration : null, iterations: ds.phase === 'fusing' ? ds.iterations : null,
      readAttempts: ds.attempts, message: ds.message, updatedAt: ds.updatedAt,
    }));
  }

  /** True when nothing is settling, being read, queued or fused (incomplete groups may wait for more files). */
  isIdle(): boolean {
    return this.#ready && this.#running === null && this.#queue.length === 0 && ![...this.#datasets.values()].some((d) => BUSY.has(d.phase));
  }

  /** Resolves when the watcher is idle (or stopped). */
  whenIdle(): Promise<void> {
    if (this.#stopped || this.isIdle()) return Promise.resolve();
    return new Promise((done) => this.#idleWaiters.push(done));
  }

  // ——— file events ———

  #onFile(event: 'add' | 'change' | 'unlink', abs: string, stats?: Stats): void {
    if (this.#stopped) return;
    const file = path.resolve(abs);
    const rel = path.relative(this.options.dir, file);
    const cls = classifyFile(rel, this.#rootName);
    if (!cls) return;
    let id = cls.id;
    const other = this.#datasets.get(id);
    if (other && other.kind !== cls.kind && cls.kind === 'file') id = `${id}${path.extname(file)}`; // 'scan.emd' beside 'scan_*.tif'
    let ds = this.#datasets.get(id);
    if (event === 'unlink') {
      if (!ds?.members.delete(file)) return;
      if (ds.members.size === 0 && ds.fusions === 0) { this.#forget(ds); return; }
      if (ds.members.size === 0) { // its result stays; a running fusion finishes
        if (ds.phase !== 'fusing') { this.#cancelPending(ds); this.#setPhase(ds, ds.settled?.phase ?? 'done', 'its files were removed'); this.#checkIdle(); }
        return;
      }
      this.#touch(ds);
      return;
    }
    const signature = stats ? `${stats.size}:${stats.mtimeMs}` : null;
    if (!ds) {
      ds = {
        id, kind: cls.kind, members: new Map(), phase: 'collecting', generation: 0, lastEventAt: Date.now(), timer: null, attempts: 0,
        message: null, updatedAt: Date.now(), fusions: 0, resultDir: null, settled: null, job: null, changedWhileFusing: false,
        iteration: null, iterations: null,
      };
      this.#datasets.set(id, ds);
      this.emit('dataset-detected', { id, kind: cls.kind, file });
    }
    const known = ds.members.get(file);
    if (known && signature !== null && known.signature === signature) return; // nothing changed
    for (const [f, m] of ds.members) if (f !== file && m.role === cls.role) ds.members.delete(f); // a newer file for the same role
    ds.members.set(file, { role: cls.role, signature });
    this.#touch(ds);
  }

  /**
   * A folder created while watching may receive files before its OS watch is in place (acquisition software makes a
   * folder and writes into it at once); look into it again shortly, as if its files had just been added. Files already
   * known with the same size and mtime are left alone.
   */
  #rescanLater(folder: string): void {
    const level = path.relative(this.options.dir, folder).split(path.sep).length;
    if (level > this.options.depth) return;
    const timer = setTimeout(() => {
      this.#rescans.delete(timer);
      void (async () => {
        const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
          if (this.#stopped || !entry.isFile() || isTempName(entry.name)) continue;
          const file = path.join(folder, entry.name);
          const stats = await stat(file).catch(() => null);
          if (stats && !this.#stopped) this.#onFile('add', file, stats);
        }
      })();
    }, Math.max(100, this.options.stableIntervalMs));
    this.#rescans.add(timer);
  }

  /** The dataset's files changed: start (again) from collecting, unless it is being fused right now. */
  #touch(ds: Dataset): void {
    ds.generation++;
    ds.lastEventAt = Date.now();
    ds.attempts = 0;
    if (ds.phase === 'fusing') { ds.changedWhileFusing = true; return; }
    this.#cancelPending(ds);
    this.#setPhase(ds, 'collecting', null);
    this.#schedule(ds, this.#quietMs(ds));
  }

  #cancelPending(ds: Dataset): void {
    if (ds.timer) { clearTimeout(ds.timer); ds.timer = null; }
    const q = this.#queue.indexOf(ds.id);
    if (q >= 0) this.#queue.splice(q, 1);
    ds.job = null;
  }

  #forget(ds: Dataset): void {
    this.#cancelPending(ds);
    this.#datasets.delete(ds.id);
    this.#warm.forget(ds.id);
    this.#checkIdle();
  }

  #schedule(ds: Dataset, delayMs: number): void {
    if (ds.timer) clearTimeout(ds.timer);
    ds.timer = setTimeout(() => {
      ds.timer = null;
      this.#check(ds).catch((e: unknown) => this.emit('watcher-error', { message: `${ds.id}: ${messageOf(e)}` }));
    }, delayMs);
  }

  #setPhase(ds: Dataset, phase: DatasetPhase, message: string | null): void {
    ds.phase = phase;
    ds.message = message;
    ds.updatedAt = Date.now();
    if (BUSY.has(phase)) this.#wasIdle = false;
  }

  #members(ds: Dataset): DatasetMember[] {
    return [...ds.members].map(([file, m]) => ({ role: m.role, file })).sort((a, b) => (a.file < b.file ? -1 : 1));
  }

  // ——— settle, check, read ———

  async #check(ds: Dataset): Promise<void> {
    if (this.#stopped) return;
    const members = this.#members(ds);
    const missing = missingMembers(ds.kind, members);
    if (missing !== null) { this.#setPhase(ds, 'incomplete', missing); this.#checkIdle(); return; }
    const generation = ds.generation;
    const stale = (): boolean => this.#stopped || ds.generation !== generation;
    this.#setPhase(ds, 'checking', ds.message);
    const files = members.map((m) => m.file);
    const signatures = await this.#stable(ds, files, stale);
    if (stale()) return;
    if (signatures === null) { this.#schedule(ds, this.options.stableIntervalMs); return; } // still being written (or replaced)
    if (ds.settled && sameSignatures(ds.settled.signatures, signatures)) { // an event that changed nothing
      this.#setPhase(ds, ds.settled.phase, ds.settled.message);
      this.#checkIdle();
      return;
    }
    if (ds.fusions === 0 && ds.settled === null && await this.#fromJournal(ds, signatures, stale)) return;
    if (stale()) return;
    const readStart = Date.now();
    let loaded: LoadedInputs;
    try {
      loaded = await loadWatchedDataset(ds.kind, members, this.#params.dataTerm, this.#mapSettings, this.#spectra);
    } catch (e) {
      if (stale()) return;
      this.#readFailed(ds, e, members, signatures);
      return;
    }
    if (stale()) return;
    const after = await stableSignatures(files, 1, 0, stale);
    if (stale()) return;
    if (after === null || !sameSignatures(after, signatures)) { this.#schedule(ds, this.options.stableIntervalMs); return; } // changed while read
    ds.attempts++;
    ds.job = { loaded, signatures, waitMs: readStart - ds.lastEventAt, readMs: Date.now() - readStart, queuedAt: Date.now() };
    this.#queue.push(ds.id);
    this.#setPhase(ds, 'queued', null);
    this.emit('dataset-queued', { id: ds.id, members, reason: ds.fusions > 0 ? 'changed' : 'new', queuePosition: this.#queue.length - 1 });
    this.#pump();
  }

  /**
   * A dataset an earlier run finished (the journal names it and its result folder is still there): unchanged, it is
   * done without fusing (true); changed, it is fused again warm-started from that result, as a grown dataset is.
   */
  async #fromJournal(ds: Dataset, signatures: Map<string, string>, stale: () => boolean): Promise<boolean> {
    const prior = this.#journal?.get(ds.id);
    if (!prior) return false;
    const resultDir = path.join(this.options.out, prior.resultDir);
    if (!isInside(this.options.out, resultDir) || !(await stat(path.join(resultDir, 'report.json')).then((s) => s.isFile(), () => false))) return false;
    const unchanged = await this.#journal!.unchanged(prior, signatures);
    if (stale()) return true;
    ds.fusions = prior.run;
    ds.resultDir = resultDir;
    if (!unchanged) return false;
    const message = `fused before (${prior.finished}), unchanged since: not fused again`;
    ds.settled = { signatures, phase: 'done', message };
    this.#setPhase(ds, 'done', message);
    this.#checkIdle();
    return true;
  }

  /** The quiet time after a file event before a dataset is looked at: the settle time of a group, the write checks' span. */
  #quietMs(ds: Dataset): number {
    const span = Math.max(0, this.options.stableChecks - 1) * this.options.stableIntervalMs;
    return ds.kind === 'group' ? Math.max(this.options.settleMs, span) : span;
  }

  /**
   * The files' signatures once they are completely written, or null while they still change. When no event came for
   * the whole check span and every file is as its last event left it, they are stable already; otherwise (no stats
   * with the events, a change the events missed) size and mtime are polled.
   */
  async #stable(ds: Dataset, files: string[], stale: () => boolean): Promise<Map<string, string> | null> {
    const span = Math.max(0, this.options.stableChecks - 1) * this.options.stableIntervalMs;
    if (Date.now() - ds.lastEventAt >= span) {
      const now = await Promise.all(files.map(fileSignature));
      if (now.every((sig, i) => sig !== null && sig === ds.members.get(files[i]!)?.signature)) return new Map(files.map((f, i) => [f, now[i]!]));
    }
    return stableSignatures(files, this.options.stableChecks, this.options.stableIntervalMs, stale);
  }

  #readFailed(ds: Dataset, e: unknown, members: DatasetMember[], signatures: Map<string, string>): void {
    ds.attempts++;
    const message = messageOf(e);
    if (ds.attempts < this.options.readAttempts) {
      this.#setPhase(ds, 'retrying', message);
      this.#schedule(ds, this.options.retryDelayMs * 2 ** (ds.attempts - 1));
      return;
    }
    const file = isInputError(e) ? e.file : (members[0]?.file ?? ds.id);
    ds.settled = { signatures, phase: 'failed', message };
    this.#setPhase(ds, 'failed', message);
    this.emit('dataset-failed', { id: ds.id, file, message, stage: 'read' });
    this.#checkIdle();
  }

  // ——— fusion queue: one at a time, first in first out ———

  #pump(): void {
    if (this.#running || this.#stopped) return;
    const id = this.#queue.shift();
    if (id === undefined) { this.#checkIdle(); return; }
    const ds = this.#datasets.get(id);
    if (!ds?.job) { this.#pump(); return; }
    const abort = new AbortController();
    const done = this.#fuseOne(ds, ds.job, abort.signal)
      .catch((e: unknown) => this.emit('watcher-error', { message: `${id}: ${messageOf(e)}` }))
      .finally(() => {
        this.#running = null;
        if (!this.#stopped) { this.#pump(); this.#checkIdle(); }
      });
    this.#running = { id, abort, done };
  }

  async #fuseOne(ds: Dataset, job: NonNullable<Dataset['job']>, signal: AbortSignal): Promise<void> {
    ds.job = null;
    ds.changedWhileFusing = false;
    ds.iteration = null;
    ds.iterations = null;
    this.#setPhase(ds, 'fusing', null);
    const params = this.params();
    const { inputs } = job.loaded;
    const fail = (stage: 'fuse' | 'write', message: string): void => {
      ds.settled = { signatures: job.signatures, phase: 'failed', message };
      this.#setPhase(ds, 'failed', message);
      this.emit('dataset-failed', { id: ds.id, file: job.loaded.files[0]?.file ?? ds.id, message, stage });
    };
    const problems = validateParams(params, inputs.elements.length);
    if (problems.length > 0) { fail('fuse', `parameters: ${problems.join('; ')}`); return this.#afterFusion(ds); }
    const warmStart = ds.fusions > 0 ? await this.#warm.recall(ds.id, inputs.elements, inputs.width, inputs.height, ds.resultDir) : undefined;
    const run = ds.fusions + 1;
    const fuseStart = Date.now();
    this.emit('fusion-started', { id: ds.id, elements: [...inputs.elements], width: inputs.width, height: inputs.height, warmStart: warmStart !== undefined, run });
    let result: FusionResult;
    try {
      result = await this.#fuseDataset(inputs, params, {
        warmStart, signal,
        onProgress: ({ record, iterations }) => {
          ds.iteration = record.iteration;
          ds.iterations = iterations;
          this.emit('fusion-progress', {
            id: ds.id, iteration: record.iteration, iterations, level: record.level,
            haadf: record.haadf, chem: record.chem, tv: record.tv, total: record.total, change: record.change,
          });
        },
      });
    } catch (e) {
      if (this.#stopped || e instanceof FusionCancelled) return;
      fail('fuse', messageOf(e));
      return this.#afterFusion(ds);
    }
    if (this.#stopped) return;
    const degenerate = fusedResultProblem(inputs, result);
    if (degenerate) { fail('fuse', degenerate); return this.#afterFusion(ds); }
    const fuseMs = Date.now() - fuseStart;
    const resultDir = path.join(this.options.out, ...ds.id.split('/'));
    const writeStart = Date.now();
    try {
      await writeResultDir(resultDir, true, async (tmp) => { await writeResult(tmp, job.loaded, result); });
    } catch (e) {
      fail('write', messageOf(e));
      return this.#afterFusion(ds);
    }
    ds.fusions = run;
    ds.resultDir = resultDir;
    await this.#journal?.record(ds.id, resultDir, run, job.signatures).catch((e: unknown) => {
      this.emit('watcher-error', { message: `${ds.id}: the watch journal could not be written (${messageOf(e)}); a restart fuses it again` });
    });
    ds.settled = { signatures: job.signatures, phase: 'done', message: null };
    this.#warm.remember(ds.id, result);
    this.#setPhase(ds, 'done', null);
    this.emit('fusion-done', {
      id: ds.id, resultDir, elements: result.elements, iterationsRun: result.iterationsRun, warmStart: warmStart !== undefined, run,
      backend: result.backend, waitMs: job.waitMs, readMs: job.readMs, queuedMs: fuseStart - job.queuedAt, fuseMs, writeMs: Date.now() - writeStart,
    });
    this.#afterFusion(ds);
  }

  /** Files that changed during the fusion are looked at again now. */
  #afterFusion(ds: Dataset): void {
    if (!ds.changedWhileFusing || this.#stopped) return;
    ds.changedWhileFusing = false;
    this.#setPhase(ds, 'collecting', null);
    this.#schedule(ds, this.#quietMs(ds));
  }

  #checkIdle(): void {
    const idle = this.isIdle();
    if (idle && !this.#wasIdle) {
      this.#wasIdle = true;
      for (const w of this.#idleWaiters.splice(0)) w();
      this.emit('idle', {});
    } else if (!idle) {
      this.#wasIdle = false;
    }
  }
}

/** Create a watcher (not yet started: call start()). */
export function createWatcher(options: WatcherOptions): AcquisitionWatcher {
  return new AcquisitionWatcher(options);
}
