// What runs in the compute process: reads host messages from a Port, runs one fusion at a time with fuse(),
// posts progress (every iteration's cost record, a preview every `previewEvery` iterations), honours cancel
// through an AbortController, and answers every job with exactly one of done, failed or cancelled.
// Malformed messages are answered, never thrown on: the process keeps serving whatever it is sent.

import { threadId } from 'node:worker_threads';
import type { AutoParamsReport } from '../autoparams/index.js';
import { createBackend } from '../node/select-backend.js';
import type { FusionBackend } from '../backend/types.js';
import { isInputError } from '../io/errors.js';
import { FusionCancelled, FusionDiverged } from '../solve/fuse.js';
import { runFusionJob } from '../pipeline/fusion-job.js';
import type { IterationRecord } from '../solve/history.js';
import { checkInputs } from '../solve/inputs.js';
import { validateParams, type FusionParams } from '../solve/params.js';
import { ATOM_UNITS, checkFactors, planStoichiometry, type Stoichiometry } from '../kfactors/index.js';
import { wireArrays } from './copies.js';
import type { Port } from './port.js';
import { makePreview } from './preview.js';
import {
  claimedJobId, PROTOCOL_VERSION, validateHostMessage,
  type CancelledReply, type ComputeMessage, type DoneReply, type FailedReply, type FailureKind, type FuseRequest, type JobExtras,
  type ProgressReply,
} from './protocol.js';
import { YieldingBackend } from './yielding-backend.js';
import { answerSpectrum, SpectrumImageCache } from './spectrum-requests.js';

/** Longest preview side when the request names none. */
export const DEFAULT_PREVIEW_SIZE = 256;

interface Running {
  jobId: string;
  abort: AbortController;
  /** The cancel asked for the iterate reached (to resume from it). */
  resumable: boolean;
}

const failed = (jobId: string, kind: FailureKind, reason: string): FailedReply => ({ type: 'failed', jobId, kind, reason });

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Everything about a request that makes it impossible to fuse, as sentences naming the input at fault. */
export function requestProblems(req: FuseRequest): string[] {
  const { inputs, params, options } = req;
  const problems = checkInputs(inputs, params.dataTerm).map((p) => `${p.input}: ${p.problem}`);
  problems.push(...validateParams(params, inputs.elements.length));
  if (options.factors) problems.push(...checkFactors(inputs.elements, options.factors));
  const warm = options.warmStart;
  if (warm) {
    const n = inputs.width * inputs.height;
    if (warm.length !== inputs.elements.length) problems.push(`warm start has ${warm.length} maps for ${inputs.elements.length} elements`);
    else warm.forEach((m, i) => { if (m.length !== n) problems.push(`warm start: map ${inputs.elements[i]} has ${m.length} pixels, expected ${n}`); });
  }
  return problems;
}

/** Runs one request to its final reply; progress goes to `post` on the way. */
async function runJob(req: FuseRequest, job: Running, post: (m: ComputeMessage) => void): Promise<ComputeMessage> {
  const { jobId, inputs, params, options } = req;
  const problems = requestProblems(req);
  if (problems.length > 0) return failed(jobId, 'input', problems.join('; '));
  let backend: FusionBackend;
  try {
    backend = await createBackend(options.backend ?? 'auto', options.threads !== undefined ? { threads: options.threads } : {});
  } catch (e) {
    return failed(jobId, 'backend', errorMessage(e));
  }
  const yielding = new YieldingBackend(backend);
  const history: IterationRecord[] = [];
  const every = options.previewEvery ?? 0, size = options.previewSize ?? DEFAULT_PREVIEW_SIZE;
  let started = performance.now();
  let auto: AutoParamsReport | undefined;
  let searching = false; // the λ search is under way (no iterate of the fusion itself yet)
  try {
    let stoichiometry: Stoichiometry | undefined;
    let fuseInputs = inputs;
    // λ from the data as params.chooseLambda asks (both with options.auto), the fusion, its standard errors: the pipeline
    let fuseParams: FusionParams = params;
    if (options.factors || options.kEstimate) { // k-factors given, or k-ratios from the HAADF: then the atom maps are fused
      const plan = planStoichiometry(inputs, fuseParams, options.factors, options.kEstimate ?? false);
      ({ stoichiometry, params: fuseParams, inputs: fuseInputs } = plan);
    }
    searching = options.auto === true || fuseParams.chooseLambda !== 'none';
    const spec = { params: fuseParams, auto: options.auto === true, stderr: options.stderr === true, ...(options.warmStart ? { warmStart: options.warmStart } : {}) };
    const ran = await runFusionJob(fuseInputs, spec, {
      backend: yielding,
      signal: job.abort.signal,
      onSearch: (p) => post({ type: 'search', jobId, done: p.done, lambdaTV: p.lambdaTV, lambdaChem: p.lambdaChem, score: Number.isFinite(p.score) ? p.score : -1, best: { ...p.best, score: Number.isFinite(p.best.score) ? p.best.score : -1 } }),
      onProgress: ({ record, iterations, width, height, currentMaps }) => {
        if (searching) { searching = false; started = performance.now(); } // a partial run's time is its fusion's, as a result's wallMs is
        history.push(record);
        const reply: ProgressReply = { type: 'progress', jobId, record, iterations };
        if (every > 0 && history.length % every === 0) reply.preview = makePreview(currentMaps(), width, height, size);
        post(reply);
      },
    });
    const { result, stderr } = ran;
    auto = ran.auto;
    if (stoichiometry?.mapsInAtoms) result.units = ATOM_UNITS;
    const extras: JobExtras = {};
    if (auto) extras.auto = auto;
    if (stderr) {
      const se = stderr.maps;
      extras.stderr = {
        method: se.method, units: se.units, maps: wireArrays(se.maps), average: se.average, haadfNoise: se.haadfNoise, report: stderr.report,
      };
    }
    const done: DoneReply = { type: 'done', jobId, result: { ...result, maps: wireArrays(result.maps) } };
    if (stoichiometry) extras.stoichiometry = stoichiometry;
    if (auto || stderr || stoichiometry) done.extras = extras;
    return done;
  } catch (e) {
    if (e instanceof FusionCancelled || job.abort.signal.aborted) { // the λ search throws the signal's reason between fusions
      const reply: CancelledReply = { type: 'cancelled', jobId };
      if (job.resumable && e instanceof FusionCancelled && e.at?.level === 'full' && !searching) { // never a validation fusion's iterate
        reply.partial = { maps: wireArrays(e.at.maps), history, wallMs: performance.now() - started, ...(auto ? { auto } : {}) };
      }
      return reply;
    }
    if (e instanceof FusionDiverged) return failed(jobId, 'diverged', e.message);
    if (isInputError(e)) return failed(jobId, 'input', e.message);
    return failed(jobId, 'internal', errorMessage(e));
  } finally {
    await backend.dispose().catch(() => undefined);
  }
}

/** Serves fusion requests arriving at `port` until the process ends; announces itself with a 'ready' message. */
export function serveCompute(port: Port): void {
  const pending: FuseRequest[] = [];
  let running: Running | null = null;
  const post = (m: ComputeMessage): void => port.postMessage(m);
  const spectra = new SpectrumImageCache();
  const inUse = (id: string): boolean => running?.jobId === id || pending.some((r) => r.jobId === id);

  const drain = (): void => {
    if (running) return;
    const req = pending.shift();
    if (!req) return;
    const job: Running = { jobId: req.jobId, abort: new AbortController(), resumable: false };
    running = job;
    runJob(req, job, post)
      .catch((e: unknown) => failed(req.jobId, 'internal', errorMessage(e)))
      .then((reply) => {
        running = null;
        post(reply);
        drain();
      });
  };

  port.on('message', (m) => {
    const checked = validateHostMessage(m);
    if (!checked.ok) {
      const id = claimedJobId(m);
      const isFuse = typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'fuse';
      if (isFuse && id !== undefined && !inUse(id)) post(failed(id, 'protocol', `malformed fuse request: ${checked.problems.slice(0, 8).join('; ')}`));
      else post({ type: 'rejected', problems: checked.problems.slice(0, 20) });
      return;
    }
    const msg = checked.value;
    if (msg.type === 'spectrum') { // answered now, beside the queue (a running fusion waits at its next yield)
      const { requestId } = msg;
      void answerSpectrum(spectra, requestId, msg.operation).then(post).catch((e: unknown) => { // e.g. a value that cannot be posted
        post({ type: 'spectrum-failed', requestId, file: null, reason: `could not send the answer: ${errorMessage(e)}` });
      });
      return;
    }
    if (msg.type === 'fuse') {
      if (inUse(msg.jobId)) { post({ type: 'rejected', problems: [`job ${msg.jobId} is already queued or running`] }); return; }
      pending.push(msg);
      drain();
      return;
    }
    if (running?.jobId === msg.jobId) {
      running.resumable = msg.resumable === true;
      running.abort.abort();
      return;
    }
    const index = pending.findIndex((r) => r.jobId === msg.jobId);
    if (index >= 0) {
      pending.splice(index, 1);
      post({ type: 'cancelled', jobId: msg.jobId });
    } // else: the job already ended and its reply is on the way
  });
  post({ type: 'ready', protocol: PROTOCOL_VERSION, pid: process.pid, threadId });
}
