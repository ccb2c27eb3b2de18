// The compute host (DESIGN.md §2): owns one compute process and the job queue. Jobs are submitted with a
// priority, run one at a time in the compute process, report progress and previews, and end done, failed or
// cancelled. A 'preview' job pre-empts a running 'batch' job, which is resumed (or restarted) afterwards.
// When the compute process dies (out of memory, crash, killed) the running job fails with the reason, the
// process is started again and the queue carries on.

import type { SearchProgress } from '../autoparams/path-search.js';
import type { FusionResult } from '../solve/fuse.js';
import { FusionCancelled } from '../solve/fuse.js';
import type { IterationRecord } from '../solve/history.js';
import type { FusionInputs } from '../solve/inputs.js';
import type { FusionParams } from '../solve/params.js';
import { openChannel, type ChannelKind, type ComputeChannel } from './channel.js';
import { wireArray, wireArrays } from './copies.js';
import { JobQueue, type JobPriority, type JobState, type QueuedJob } from './job-queue.js';
import {
  claimedJobId, PROTOCOL_VERSION, validateComputeMessage, validateHostMessage,
  type ComputeMessage, type FailureKind, type FuseOptions, type FuseRequest, type HostMessage, type JobExtras, type PreviewFrame,
} from './protocol.js';
import { advance, continueRecord, resumeRequest, wholeRun, type ResumePoint } from './resume.js';
import type { SpectrumOperation, SpectrumValues } from './spectrum-types.js';
import { inputErrorFrom } from '../io/errors.js';

export interface JobSpec {
  inputs: FusionInputs;
  params: FusionParams;
  /** Default 'interactive'. */
  priority?: JobPriority;
  options?: FuseOptions;
}

export interface JobProgress {
  /** Cost terms of one iteration; for a resumed job numbered as one run. */
  record: IterationRecord;
  /** Iterations planned at the record's level (of this attempt). */
  iterations: number;
  preview?: PreviewFrame;
}

export interface JobHandle {
  readonly id: string;
  readonly priority: JobPriority;
  readonly state: JobState;
  /** Called for every iteration; returns the function that stops listening. */
  onProgress(listener: (progress: JobProgress) => void): () => void;
  /** Called for every validation fusion of the λ search that precedes a default fusion; returns the function that stops listening. */
  onSearch(listener: (progress: SearchProgress) => void): () => void;
  /** Called on every state change ('queued' again after a pre-emption); returns the function that stops listening. */
  onState(listener: (state: JobState, reason?: string) => void): () => void;
  /** Resolves with the result; rejects with ComputeJobError (failed) or FusionCancelled (cancelled). */
  readonly result: Promise<FusionResult>;
  /**
   * What the job computed beside the result as its options asked (auto: the λ choice; stderr: standard-error maps),
   * from its final attempt; resolves with {} when there is none or the job did not finish (never rejects).
   */
  readonly extras: Promise<JobExtras>;
  cancel(): void;
}

/** A job that failed: why, and what kind of failure (protocol.ts FailureKind). */
export class ComputeJobError extends Error {
  override readonly name = 'ComputeJobError';
  constructor(readonly jobId: string, readonly kind: FailureKind, reason: string) {
    super(reason);
  }
}

export type HostEvent =
  | { type: 'process-started'; pid: number | undefined; threadId: number }
  | { type: 'process-exited'; reason: string; restarting: boolean }
  | { type: 'protocol-error'; problems: string[] }
  | { type: 'listener-error'; jobId: string; error: unknown };

export interface ComputeHostOptions {
  /** How the compute process runs: a forked child (default: isolated, killable) or a worker thread. */
  transport?: ChannelKind;
  /** Starts the compute process instead (e.g. Electron's utilityProcess, from src/main); overrides `transport`. */
  spawn?: () => ComputeChannel;
  /**
   * A pre-empted batch job resumes warm-started from the iterate it reached ('resume', default: no work lost,
   * a result close to an uninterrupted run) or starts over ('restart': the identical result).
   */
  preemption?: 'resume' | 'restart';
  /** V8 heap limit of the compute process, MiB. */
  maxOldSpaceMb?: number;
  /** Consecutive start-up deaths after which queued jobs fail instead of waiting (default 3). */
  maxStartFailures?: number;
}

/** The host's books on one job (the queue's payload). */
interface Job {
  readonly spec: Required<Pick<JobSpec, 'inputs' | 'params' | 'options'>>;
  /** Where a pre-empted job resumes from. */
  point: ResumePoint | undefined;
  /** A cancel was sent for the running attempt, and why. */
  stopping: 'cancel' | 'preempt' | null;
  preemptedBy: string | null;
  readonly progress: Set<(p: JobProgress) => void>;
  readonly searches: Set<(p: SearchProgress) => void>;
  readonly states: Set<(state: JobState, reason?: string) => void>;
  resolve(result: FusionResult, extras: JobExtras): void;
  reject(error: Error): void;
}

export class ComputeHost {
  private readonly queue = new JobQueue<Job>();
  private readonly listeners = new Set<(e: HostEvent) => void>();
  private readonly spawn: () => ComputeChannel;
  private readonly preemption: 'resume' | 'restart';
  private readonly maxStartFailures: number;
  private channel: ComputeChannel | null = null;
  private ready = false;
  private startFailures = 0;
  private nextId = 1;
  private disposed = false;
  private info: { pid: number | undefined; threadId: number } | undefined;
  private restartCount = 0;
  /** Spectrum requests not yet answered (sent: the compute process has them). */
  private readonly spectra = new Map<string, { operation: SpectrumOperation; sent: boolean; resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(opts: ComputeHostOptions = {}) {
    const channelOpts = opts.maxOldSpaceMb !== undefined ? { maxOldSpaceMb: opts.maxOldSpaceMb } : {};
    this.spawn = opts.spawn ?? (() => openChannel(opts.transport ?? 'child-process', channelOpts));
    this.preemption = opts.preemption ?? 'resume';
    this.maxStartFailures = opts.maxStartFailures ?? 3;
    this.queue.on((e) => {
      if (e.type !== 'state') return;
      for (const l of [...e.job.payload.states]) this.guard(e.job.id, () => l(e.state, e.job.reason));
    });
    this.ensureProcess();
  }

  /** Process id and worker thread id of the compute process once it has started (a worker thread shares the host's pid). */
  get processInfo(): { pid: number | undefined; threadId: number } | undefined {
    return this.info;
  }

  /** How often the compute process was started again after it died. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Listen to the host's own events; returns the function that stops listening. */
  on(listener: (e: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Jobs not yet finished, running one first. */
  jobs(): { id: string; priority: JobPriority; state: JobState; preemptions: number }[] {
    return this.queue.all().map((j) => ({ id: j.id, priority: j.priority, state: j.state, preemptions: j.preemptions }));
  }

  /** Queues a fusion. The input arrays are read when the job (re)starts: do not modify them until it ends. */
  submit(spec: JobSpec): JobHandle {
    if (this.disposed) throw new Error('the compute host was disposed');
    const id = `job-${this.nextId++}`;
    let resolveResult!: (r: FusionResult) => void, rejectResult!: (e: Error) => void, resolveExtras!: (x: JobExtras) => void;
    const result = new Promise<FusionResult>((res, rej) => { resolveResult = res; rejectResult = rej; });
    result.catch(() => undefined); // a caller that never looks at the result must not crash the process
    const extras = new Promise<JobExtras>((res) => { resolveExtras = res; });
    const job: Job = {
      spec: { inputs: spec.inputs, params: spec.params, options: spec.options ?? {} },
      point: undefined, stopping: null, preemptedBy: null,
      progress: new Set(), searches: new Set(), states: new Set(),
      resolve: (r, x) => { resolveExtras(x); resolveResult(r); },
      reject: (e) => { resolveExtras({}); rejectResult(e); },
    };
    const entry = this.queue.add(id, spec.priority ?? 'interactive', job);
    const handle: JobHandle = {
      id, priority: entry.priority, result, extras,
      get state() { return entry.state; },
      onProgress: (l) => { job.progress.add(l); return () => job.progress.delete(l); },
      onSearch: (l) => { job.searches.add(l); return () => job.searches.delete(l); },
      onState: (l) => { job.states.add(l); return () => job.states.delete(l); },
      cancel: () => { this.cancel(id); },
    };
    queueMicrotask(() => this.pump()); // after the caller has attached its listeners
    return handle;
  }

  /**
   * Asks the compute process about a spectrum-image file (issue 11: its summary, a region's spectrum, its element maps),
   * beside the job queue: answered at once, during a fusion at its next yield. Rejects with the reader's InputError for
   * bad input (naming the file), ComputeJobError otherwise (the process died: 'crash').
   */
  spectrum<K extends SpectrumOperation['op']>(operation: Extract<SpectrumOperation, { op: K }>): Promise<SpectrumValues[K]> {
    if (this.disposed) return Promise.reject(new Error('the compute host was disposed'));
    const requestId = `spectrum-${this.nextId++}`;
    return new Promise<SpectrumValues[K]>((resolve, reject) => {
      const entry = { operation, sent: false, resolve: resolve as (v: unknown) => void, reject };
      this.spectra.set(requestId, entry);
      this.ensureProcess();
      if (this.ready) { entry.sent = true; this.send({ type: 'spectrum', requestId, operation }); }
    });
  }

  private settleSpectrum(requestId: string, error: Error | null, value?: unknown): void {
    const r = this.spectra.get(requestId);
    if (!r) return;
    this.spectra.delete(requestId);
    if (error) r.reject(error);
    else r.resolve(value);
  }

  /** Cancels a queued or running job; false when it is unknown or already finished. */
  cancel(id: string): boolean {
    const entry = this.queue.get(id);
    if (!entry) return false;
    const outcome = this.queue.cancel(id);
    if (outcome === 'cancelled') {
      entry.payload.reject(new FusionCancelled());
      this.pump();
    } else if (outcome === 'running' && entry.payload.stopping !== 'cancel') {
      const alreadySent = entry.payload.stopping === 'preempt';
      entry.payload.stopping = 'cancel';
      if (!alreadySent) this.send({ type: 'cancel', jobId: id });
    }
    return outcome !== false;
  }

  /** Fails every unfinished job and ends the compute process. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const entry of this.queue.all()) this.fail(entry, 'disposed', 'the compute host was disposed');
    for (const requestId of [...this.spectra.keys()]) this.settleSpectrum(requestId, new ComputeJobError(requestId, 'disposed', 'the compute host was disposed'));
    const channel = this.channel;
    this.channel = null;
    this.ready = false;
    await channel?.close();
  }

  // ---------- the compute process ----------

  private emit(e: HostEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  private guard(jobId: string, f: () => void): void {
    try { f(); } catch (error) { this.emit({ type: 'listener-error', jobId, error }); }
  }

  private ensureProcess(): void {
    if (this.channel || this.disposed) return;
    let channel: ComputeChannel;
    try {
      channel = this.spawn();
    } catch (e) {
      this.startFailures = this.maxStartFailures;
      this.exited(`compute process could not start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.channel = channel;
    this.ready = false;
    channel.onMessage((m) => { if (this.channel === channel) this.receive(m); });
    channel.onExit((reason) => {
      if (this.channel !== channel) return;
      this.channel = null;
      this.exited(reason);
    });
  }

  /** The compute process ended (not by dispose()): fail its job, start it again unless it cannot even start. */
  private exited(reason: string): void {
    const wasReady = this.ready;
    this.ready = false;
    this.info = undefined;
    const running = this.queue.running;
    if (running) this.fail(running, 'crash', reason);
    for (const [requestId, r] of this.spectra) if (r.sent) this.settleSpectrum(requestId, new ComputeJobError(requestId, 'crash', reason));
    if (!wasReady) this.startFailures++;
    const giveUp = this.startFailures >= this.maxStartFailures;
    this.emit({ type: 'process-exited', reason, restarting: !this.disposed && !giveUp });
    if (this.disposed) return;
    if (giveUp) {
      this.startFailures = 0; // the next submit tries again
      for (const entry of this.queue.all()) this.fail(entry, 'crash', `the compute process cannot start: ${reason}`);
      for (const requestId of [...this.spectra.keys()]) this.settleSpectrum(requestId, new ComputeJobError(requestId, 'crash', `the compute process cannot start: ${reason}`));
      return;
    }
    this.restartCount++;
    this.ensureProcess();
  }

  private send(m: HostMessage): boolean {
    if (!this.channel || !this.ready) return false;
    try {
      this.channel.send(m);
      return true;
    } catch (e) {
      const why = `could not send the request to the compute process: ${e instanceof Error ? e.message : String(e)}`;
      if (m.type === 'spectrum') { this.settleSpectrum(m.requestId, new ComputeJobError(m.requestId, 'protocol', why)); return false; }
      const entry = this.queue.get(m.jobId);
      if (entry) this.fail(entry, 'protocol', why);
      return false;
    }
  }

  private fuseRequest(entry: QueuedJob<Job>): FuseRequest {
    const { inputs, params, options } = entry.payload.spec;
    const attempt = entry.payload.point ? resumeRequest(params, options, entry.payload.point) : { params, options };
    return {
      type: 'fuse', jobId: entry.id,
      inputs: { width: inputs.width, height: inputs.height, elements: inputs.elements, haadf: wireArray(inputs.haadf), maps: wireArrays(inputs.maps), ...(inputs.variances ? { variances: wireArrays(inputs.variances) } : {}) },
      params: attempt.params,
      options: attempt.options.warmStart ? { ...attempt.options, warmStart: wireArrays(attempt.options.warmStart) } : attempt.options,
    };
  }

  /** Starts the next job, or pre-empts the running one, as the queue says. */
  private pump(): void {
    if (this.disposed) return;
    if (!this.channel) { if (this.queue.all().length > 0) this.ensureProcess(); return; }
    if (!this.ready) return;
    const running = this.queue.running;
    if (running) {
      const due = this.queue.preemptionDue();
      if (due && running.payload.stopping === null) {
        running.payload.stopping = 'preempt';
        running.payload.preemptedBy = due.by.id;
        this.send({ type: 'cancel', jobId: running.id, resumable: this.preemption === 'resume' });
      }
      return;
    }
    const next = this.queue.startNext();
    if (!next) return;
    next.payload.stopping = null;
    const request = this.fuseRequest(next);
    const checked = validateHostMessage(request);
    if (!checked.ok) {
      this.fail(next, 'protocol', `the job cannot be sent: ${checked.problems.slice(0, 5).join('; ')}`);
      this.pump();
      return;
    }
    if (!this.send(request)) this.pump(); // it failed to send: try the next one
  }

  private receive(raw: unknown): void {
    const checked = validateComputeMessage(raw);
    if (!checked.ok) {
      this.emit({ type: 'protocol-error', problems: checked.problems });
      const running = this.queue.running;
      if (running && claimedJobId(raw) === running.id) {
        this.fail(running, 'protocol', `malformed reply from the compute process: ${checked.problems.slice(0, 5).join('; ')}`);
        this.pump();
      }
      return;
    }
    this.handle(checked.value);
    this.pump();
  }

  private handle(m: ComputeMessage): void {
    if (m.type === 'ready') {
      if (m.protocol !== PROTOCOL_VERSION) {
        this.emit({ type: 'protocol-error', problems: [`the compute process speaks protocol ${m.protocol}, this host ${PROTOCOL_VERSION}`] });
        this.startFailures = this.maxStartFailures;
        void this.channel?.close();
        return;
      }
      this.ready = true;
      this.startFailures = 0;
      this.info = { pid: m.pid, threadId: m.threadId };
      this.emit({ type: 'process-started', pid: m.pid, threadId: m.threadId });
      for (const [requestId, r] of this.spectra) if (!r.sent) { r.sent = true; this.send({ type: 'spectrum', requestId, operation: r.operation }); }
      return;
    }
    if (m.type === 'rejected') {
      this.emit({ type: 'protocol-error', problems: m.problems });
      return;
    }
    if (m.type === 'spectrum-done') { this.settleSpectrum(m.requestId, null, m.value); return; }
    if (m.type === 'spectrum-failed') {
      this.settleSpectrum(m.requestId, m.file !== null ? inputErrorFrom(m.file, m.reason) : new ComputeJobError(m.requestId, 'internal', m.reason));
      return;
    }
    const entry = this.queue.running;
    if (!entry || entry.id !== m.jobId) return; // a late reply for a job that has already ended
    const job = entry.payload;
    switch (m.type) {
      case 'progress': {
        const progress: JobProgress = { record: continueRecord(m.record, job.point), iterations: m.iterations };
        if (m.preview) progress.preview = m.preview;
        for (const l of [...job.progress]) this.guard(entry.id, () => l(progress));
        return;
      }
      case 'search': {
        const progress: SearchProgress = { done: m.done, lambdaTV: m.lambdaTV, lambdaChem: m.lambdaChem, score: m.score, best: m.best };
        for (const l of [...job.searches]) this.guard(entry.id, () => l(progress));
        return;
      }
      case 'done': {
        const result = wholeRun(m.result, job.point, job.spec.params, job.spec.options);
        const extras: JobExtras = { ...m.extras };
        const auto = m.extras?.auto ?? job.point?.auto; // a resumed attempt fused with the first one's choice
        if (auto) extras.auto = auto;
        this.queue.finish(entry.id, 'done');
        job.resolve(result, extras);
        return;
      }
      case 'failed':
        this.fail(entry, m.kind, m.reason);
        return;
      case 'cancelled':
        if (job.stopping === 'preempt') {
          job.point = this.preemption === 'restart' ? undefined : m.partial ? advance(job.point, m.partial) : job.point;
          job.stopping = null;
          this.queue.requeue(entry.id, job.preemptedBy ?? '', job);
          return;
        }
        this.queue.finish(entry.id, 'cancelled', 'cancelled');
        job.reject(new FusionCancelled());
        return;
    }
  }

  private fail(entry: QueuedJob<Job>, kind: FailureKind, reason: string): void {
    this.queue.finish(entry.id, 'failed', reason);
    entry.payload.reject(new ComputeJobError(entry.id, kind, reason));
  }
}
