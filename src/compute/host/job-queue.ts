// The order in which fusion jobs run: one at a time, highest priority first ('preview' > 'interactive' >
// 'batch'), oldest first within a priority. A queued 'preview' job pre-empts a running 'batch' job: the host
// stops the batch job and requeue()s it, and it runs again (from the start, or resumed) once no higher-priority
// job waits. The queue only keeps the books; starting and stopping jobs is the host's work.

export type JobPriority = 'preview' | 'interactive' | 'batch';
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type FinalState = Extract<JobState, 'done' | 'failed' | 'cancelled'>;

export const JOB_PRIORITIES: readonly JobPriority[] = ['preview', 'interactive', 'batch'];

const RANK: Record<JobPriority, number> = { preview: 0, interactive: 1, batch: 2 };

export interface QueuedJob<P> {
  readonly id: string;
  readonly priority: JobPriority;
  /** What the host needs to run it (replaced by requeue(), e.g. to resume). */
  payload: P;
  state: JobState;
  /** Times it was pre-empted. */
  preemptions: number;
  /** Why it failed or was cancelled. */
  reason?: string;
  /** Arrival order: a requeued job keeps its place among jobs of its priority. */
  readonly seq: number;
}

export type QueueEvent<P> =
  | { type: 'state'; job: Readonly<QueuedJob<P>>; state: JobState; previous: JobState | null }
  | { type: 'preempted'; job: Readonly<QueuedJob<P>>; by: Readonly<QueuedJob<P>> };

export type QueueListener<P> = (event: QueueEvent<P>) => void;

export class JobQueue<P> {
  private readonly jobs = new Map<string, QueuedJob<P>>();
  private readonly listeners = new Set<QueueListener<P>>();
  private current: QueuedJob<P> | undefined;
  private nextSeq = 0;

  /** Listen to every change; returns the function that stops listening. */
  on(listener: QueueListener<P>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: QueueEvent<P>): void {
    for (const l of [...this.listeners]) l(event);
  }

  private setState(job: QueuedJob<P>, state: JobState): void {
    const previous = job.state;
    job.state = state;
    this.emit({ type: 'state', job, state, previous });
  }

  /** Adds a job in state 'queued'. */
  add(id: string, priority: JobPriority, payload: P): QueuedJob<P> {
    if (this.jobs.has(id)) throw new Error(`job ${id} is already in the queue`);
    const job: QueuedJob<P> = { id, priority, payload, state: 'queued', preemptions: 0, seq: this.nextSeq++ };
    this.jobs.set(id, job);
    this.emit({ type: 'state', job, state: 'queued', previous: null });
    return job;
  }

  /** A job not yet finished (finished jobs are forgotten). */
  get(id: string): QueuedJob<P> | undefined {
    return this.jobs.get(id);
  }

  get running(): QueuedJob<P> | undefined {
    return this.current;
  }

  /** Jobs waiting, in the order they would run. */
  waiting(): QueuedJob<P>[] {
    return [...this.jobs.values()].filter((j) => j.state === 'queued').sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.seq - b.seq);
  }

  /** Marks the next job running and returns it; undefined while one runs or none waits. */
  startNext(): QueuedJob<P> | undefined {
    if (this.current) return undefined;
    const next = this.waiting()[0];
    if (!next) return undefined;
    this.current = next;
    this.setState(next, 'running');
    return next;
  }

  /** The running job that should make way, and the job it makes way for: a 'batch' job while a 'preview' job waits. */
  preemptionDue(): { victim: QueuedJob<P>; by: QueuedJob<P> } | undefined {
    const victim = this.current;
    if (victim?.priority !== 'batch') return undefined;
    const by = this.waiting().find((j) => j.priority === 'preview');
    return by ? { victim, by } : undefined;
  }

  /** Puts the running job `id` back in the queue after it was pre-empted by `by`, with a new payload if given. */
  requeue(id: string, by: string, payload?: P): void {
    const job = this.jobs.get(id);
    if (!job || job !== this.current) throw new Error(`job ${id} is not running`);
    this.current = undefined;
    job.preemptions++;
    if (payload !== undefined) job.payload = payload;
    const other = this.jobs.get(by);
    if (other) this.emit({ type: 'preempted', job, by: other });
    this.setState(job, 'queued');
  }

  /** Ends job `id` (running or queued) in a final state and forgets it. */
  finish(id: string, state: FinalState, reason?: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    if (job === this.current) this.current = undefined;
    this.jobs.delete(id);
    if (reason !== undefined) job.reason = reason;
    this.setState(job, state);
  }

  /**
   * Cancels job `id`: a queued job is cancelled at once ('cancelled'); a running one must be stopped by the
   * host, which then calls finish() ('running'); an unknown or finished one: false.
   */
  cancel(id: string): 'cancelled' | 'running' | false {
    const job = this.jobs.get(id);
    if (!job) return false;
    if (job === this.current) return 'running';
    this.finish(id, 'cancelled', 'cancelled before it started');
    return 'cancelled';
  }

  /** Every job not yet finished, running one first. */
  all(): QueuedJob<P>[] {
    return [...(this.current ? [this.current] : []), ...this.waiting()];
  }
}
