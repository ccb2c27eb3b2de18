// The messages between a compute host (main process, CLI, web server) and its compute process, and their
// runtime validators (DESIGN.md §2). Both sides validate everything they receive: a message that fails is
// answered (or dropped) with its problems, never trusted. Float32Arrays travel as copies (structured clone:
// child_process 'advanced' serialization, worker_threads and Electron's MessagePortMain all copy them).

import type { AutoParamsReport } from '../autoparams/report.js';
import type { BackendChoice } from '../node/select-backend.js';
import type { FusionResult } from '../solve/fuse.js';
import type { IterationRecord } from '../solve/history.js';
import type { FusionInputs } from '../solve/inputs.js';
import { DEFAULT_PARAMS, type FusionParams } from '../solve/params.js';
import type { StderrReport } from '../uncertainty/report.js';
import { FACTOR_KINDS, type GivenFactors, type Stoichiometry } from '../kfactors/index.js';
import {
  checkArrayOf, checkBoolean, checkFloat32Array, checkInteger, checkKnownKeys, checkNonEmptyString, checkNumber,
  checkObject, checkOneOf, checkString, describe, isRecord, problem, type Problems,
} from './checks.js';

/** Bumped when a message changes shape; the compute process announces it in `ready`. */
export const PROTOCOL_VERSION = 2; // 2: FuseOptions auto and stderr, DoneReply extras, PartialRun auto

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'cpu', 'gpu', 'reference'];

/** How the compute process runs one fusion. */
export interface FuseOptions {
  /** Start from these maps (result units, one per element). */
  warmStart?: Float32Array[];
  /** Array kernels (default 'auto'). */
  backend?: BackendChoice;
  /** CPU threads (default: all). */
  threads?: number;
  /** Post a preview every this many iterations (default 0: none). */
  previewEvery?: number;
  /** Longest side of a preview, pixels (default 256); previews are never upsampled. */
  previewSize?: number;
  /** Choose λ_TV and λ_chem by cross-validation first (src/compute/autoparams) and fuse with them (default false). */
  auto?: boolean;
  /** Compute standard-error maps of the result (src/compute/uncertainty, method 'solver'; default false). */
  stderr?: boolean;
  /** Per-element factors the user gave (src/compute/kfactors): compositions become atomic %, the weights follow them. */
  factors?: GivenFactors;
  /** Estimate the k-ratios from the HAADF when no factors are given (count maps only; default false). */
  kEstimate?: boolean;
}

// ---------- host → compute process ----------

export interface FuseRequest {
  type: 'fuse';
  jobId: string;
  inputs: FusionInputs;
  params: FusionParams;
  options: FuseOptions;
}

export interface CancelRequest {
  type: 'cancel';
  jobId: string;
  /** Reply with the last full-resolution iterate so the job can resume from it (used to pre-empt). */
  resumable?: boolean;
}

export type HostMessage = FuseRequest | CancelRequest;

// ---------- compute process → host ----------

/** Sent once when the compute process is ready to serve. */
export interface ReadyReply {
  type: 'ready';
  protocol: number;
  pid: number;
  /** worker_threads threadId (0 in a process's main thread). */
  threadId: number;
}

/** Downsampled current maps (result units), for a live view. */
export interface PreviewFrame {
  width: number;
  height: number;
  maps: Float32Array[];
}

export interface ProgressReply {
  type: 'progress';
  jobId: string;
  record: IterationRecord;
  /** Iterations planned at the record's level. */
  iterations: number;
  preview?: PreviewFrame;
}

/** Standard errors of a result (FuseOptions.stderr): one map per result element, in the result's units. */
export interface StderrExtras {
  method: string;
  units: string;
  maps: Float32Array[];
  /** Mean standard error per element where it is present (NaN where it is absent everywhere). */
  average: number[];
  /** How σ_H² was obtained. */
  haadfNoise: string;
  /** report.json's `stderr` entry. */
  report: StderrReport;
}

/** What a job computed beside its result, as the options asked. */
export interface JobExtras {
  /** FuseOptions.auto: how λ_TV and λ_chem were chosen (the result's params hold them). */
  auto?: AutoParamsReport;
  stderr?: StderrExtras;
  /** What the compositions are (FuseOptions.factors / kEstimate; always present when either was asked). */
  stoichiometry?: Stoichiometry;
}

export interface DoneReply {
  type: 'done';
  jobId: string;
  result: FusionResult;
  extras?: JobExtras;
}

/**
 * Why a job failed: `input` (the inputs, parameters or warm start cannot be fused), `diverged`, `backend` (the
 * kernels cannot start here), `protocol` (a malformed request), `internal` (a bug); the host adds `crash`
 * (the compute process died) and `disposed` (the host was shut down).
 */
export type FailureKind = 'input' | 'diverged' | 'backend' | 'protocol' | 'internal' | 'crash' | 'disposed';
export const FAILURE_KINDS: readonly FailureKind[] = ['input', 'diverged', 'backend', 'protocol', 'internal', 'crash', 'disposed'];

export interface FailedReply {
  type: 'failed';
  jobId: string;
  kind: FailureKind;
  reason: string;
}

/** What a cancelled job had reached, when the cancel asked for it and a full-resolution iterate existed. */
export interface PartialRun {
  /** The iterate after the last completed iteration, result units, one map per element. */
  maps: Float32Array[];
  /** Every record of this run so far (coarse level included). */
  history: IterationRecord[];
  wallMs: number;
  /** FuseOptions.auto: the choice made before this run's fusion (a resumed attempt fuses with it, not choosing again). */
  auto?: AutoParamsReport;
}

export interface CancelledReply {
  type: 'cancelled';
  jobId: string;
  partial?: PartialRun;
}

/** A message the compute process could not read and could not attribute to a job. */
export interface RejectedReply {
  type: 'rejected';
  problems: string[];
}

export type ComputeMessage = ReadyReply | ProgressReply | DoneReply | FailedReply | CancelledReply | RejectedReply;

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

// ---------- validators ----------

const MAX_SIDE = 1 << 16;
const MAX_ELEMENTS = 128;

function checkFloat32Arrays(v: unknown, path: string, problems: Problems): v is Float32Array[] {
  return checkArrayOf(v, path, problems, checkFloat32Array, MAX_ELEMENTS);
}

function checkInputs(v: unknown, path: string, problems: Problems): v is FusionInputs {
  if (!checkObject(v, path, problems)) return false;
  const before = problems.length;
  checkKnownKeys(v, ['width', 'height', 'elements', 'haadf', 'maps'], path, problems);
  checkInteger(v.width, `${path}.width`, problems, 1, MAX_SIDE);
  checkInteger(v.height, `${path}.height`, problems, 1, MAX_SIDE);
  checkArrayOf(v.elements, `${path}.elements`, problems, checkString, MAX_ELEMENTS);
  checkFloat32Array(v.haadf, `${path}.haadf`, problems);
  checkFloat32Arrays(v.maps, `${path}.maps`, problems);
  return problems.length === before;
}

const PARAM_KEYS = Object.keys(DEFAULT_PARAMS) as (keyof FusionParams)[];

/**
 * The shape of FusionParams, derived from DEFAULT_PARAMS (each field the type of its default), so a field added
 * there is checked here too. Values are judged by validateParams() in the compute process, which fails the job.
 */
function checkParams(v: unknown, path: string, problems: Problems): v is FusionParams {
  if (!checkObject(v, path, problems)) return false;
  const before = problems.length;
  checkKnownKeys(v, PARAM_KEYS, path, problems);
  for (const key of PARAM_KEYS) {
    const value: unknown = v[key], at = `${path}.${key}`, reference: unknown = DEFAULT_PARAMS[key];
    if (key === 'weighting') {
      if (typeof value !== 'string') checkArrayOf(value, at, problems, checkNumber, MAX_ELEMENTS);
    } else if (reference === null) {
      if (value !== null) checkNumber(value, at, problems);
    } else if (typeof value !== typeof reference) {
      problems.push(`${at} must be a ${typeof reference} (got ${describe(value)})`);
    }
  }
  return problems.length === before;
}

const OPTION_KEYS: readonly (keyof FuseOptions)[] = ['warmStart', 'backend', 'threads', 'previewEvery', 'previewSize', 'auto', 'stderr', 'factors', 'kEstimate'];

function checkOptions(v: unknown, path: string, problems: Problems): v is FuseOptions {
  if (!checkObject(v, path, problems)) return false;
  const before = problems.length;
  checkKnownKeys(v, OPTION_KEYS, path, problems);
  if (v.warmStart !== undefined) checkFloat32Arrays(v.warmStart, `${path}.warmStart`, problems);
  if (v.backend !== undefined) checkOneOf(v.backend, BACKEND_CHOICES, `${path}.backend`, problems);
  if (v.threads !== undefined) checkInteger(v.threads, `${path}.threads`, problems, 1, 1024);
  if (v.previewEvery !== undefined) checkInteger(v.previewEvery, `${path}.previewEvery`, problems, 0, 1_000_000);
  if (v.previewSize !== undefined) checkInteger(v.previewSize, `${path}.previewSize`, problems, 1, MAX_SIDE);
  if (v.auto !== undefined) checkBoolean(v.auto, `${path}.auto`, problems);
  if (v.stderr !== undefined) checkBoolean(v.stderr, `${path}.stderr`, problems);
  if (v.kEstimate !== undefined) checkBoolean(v.kEstimate, `${path}.kEstimate`, problems);
  if (v.factors !== undefined && checkObject(v.factors, `${path}.factors`, problems)) {
    checkKnownKeys(v.factors, ['kind', 'values'], `${path}.factors`, problems);
    checkOneOf(v.factors.kind, FACTOR_KINDS, `${path}.factors.kind`, problems);
    if (checkObject(v.factors.values, `${path}.factors.values`, problems)) {
      for (const [el, x] of Object.entries(v.factors.values)) checkNumber(x, `${path}.factors.values.${el}`, problems);
    }
  }
  return problems.length === before;
}

const RECORD_NUMBERS = ['iteration', 'haadf', 'chem', 'tv', 'total', 'change', 'elapsedMs'] as const;

/** An IterationRecord: `level` plus numbers (the required ones named; fields the solver adds must be numbers too). */
export function checkRecord(v: unknown, path: string, problems: Problems): v is IterationRecord {
  if (!checkObject(v, path, problems)) return false;
  const before = problems.length;
  checkOneOf(v.level, ['coarse', 'full'], `${path}.level`, problems);
  for (const key of RECORD_NUMBERS) if (!(key in v)) problems.push(`${path}.${key} is missing`);
  for (const [key, value] of Object.entries(v)) if (key !== 'level') checkNumber(value, `${path}.${key}`, problems);
  return problems.length === before;
}

function checkHistory(v: unknown, path: string, problems: Problems): v is IterationRecord[] {
  return checkArrayOf(v, path, problems, checkRecord, 10_000_000);
}

/** `count` maps of `pixels` values each. */
function checkMaps(v: unknown, path: string, problems: Problems, count: number, pixels: number): v is Float32Array[] {
  if (!checkFloat32Arrays(v, path, problems)) return false;
  if (v.length !== count) return problem(problems, `${path} holds ${v.length} maps, expected ${count}`);
  const bad = v.findIndex((m) => m.length !== pixels);
  if (bad >= 0) return problem(problems, `${path}[${bad}] has ${v[bad]!.length} values, expected ${pixels}`);
  return true;
}

function checkPreview(v: unknown, path: string, problems: Problems): v is PreviewFrame {
  if (!checkObject(v, path, problems)) return false;
  const before = problems.length;
  checkKnownKeys(v, ['width', 'height', 'maps'], path, problems);
  const { width, height, maps } = v;
  if (checkInteger(width, `${path}.width`, problems, 1, MAX_SIDE) && checkInteger(height, `${path}.height`, problems, 1, MAX_SIDE)) {
    if (checkFloat32Arrays(maps, `${path}.maps`, problems) && maps.some((m) => m.length !== width * height)) {
      problems.push(`${path}.maps must each hold width×height values`);
    }
  }
  return problems.length === before;
}

/** The fields of a FusionResult the host relies on (fields the solver adds later pass through unchecked). */
function checkResult(v: unknown, path: string, problems: Problems): v is FusionResult {
  if (!checkObject(v, path, problems)) return false;
  const before = problems.length;
  const shaped = checkArrayOf(v.elements, `${path}.elements`, problems, checkString, MAX_ELEMENTS)
    && checkInteger(v.width, `${path}.width`, problems, 1, MAX_SIDE) && checkInteger(v.height, `${path}.height`, problems, 1, MAX_SIDE);
  if (shaped) checkMaps(v.maps, `${path}.maps`, problems, (v.elements as string[]).length, (v.width as number) * (v.height as number));
  checkString(v.units, `${path}.units`, problems);
  if (checkParams(isRecord(v.params) ? { ...v.params, stepHaadf: null } : v.params, `${path}.params`, problems)) {
    checkNumber((v.params as Record<string, unknown>).stepHaadf, `${path}.params.stepHaadf`, problems);
  }
  checkArrayOf(v.weights, `${path}.weights`, problems, checkNumber, MAX_ELEMENTS);
  checkString(v.weighting, `${path}.weighting`, problems);
  if (!isRecord(v.normalisation)) problems.push(`${path}.normalisation must be an object`);
  checkHistory(v.history, `${path}.history`, problems);
  checkInteger(v.iterationsRun, `${path}.iterationsRun`, problems, 0, Number.MAX_SAFE_INTEGER);
  checkOneOf(v.stoppedBy, ['iterations', 'tolerance'], `${path}.stoppedBy`, problems);
  checkOneOf(v.start, ['data', 'warm', 'coarse-to-fine'], `${path}.start`, problems);
  checkString(v.backend, `${path}.backend`, problems);
  checkNumber(v.threads, `${path}.threads`, problems);
  checkNumber(v.wallMs, `${path}.wallMs`, problems);
  return problems.length === before;
}

function checkPartial(v: unknown, path: string, problems: Problems): v is PartialRun {
  if (!checkObject(v, path, problems)) return false;
  const before = problems.length;
  checkKnownKeys(v, ['maps', 'history', 'wallMs', 'auto'], path, problems);
  checkFloat32Arrays(v.maps, `${path}.maps`, problems);
  checkHistory(v.history, `${path}.history`, problems);
  checkNumber(v.wallMs, `${path}.wallMs`, problems);
  if (v.auto !== undefined) checkAuto(v.auto, `${path}.auto`, problems);
  return problems.length === before;
}

/** An AutoParamsReport, shallowly: the chosen λ and the curve's points (other fields pass through unchecked). */
function checkAuto(v: unknown, path: string, problems: Problems): v is AutoParamsReport {
  if (!checkObject(v, path, problems)) return false;
  const before = problems.length;
  checkString(v.method, `${path}.method`, problems);
  if (checkObject(v.chosen, `${path}.chosen`, problems)) {
    checkNumber(v.chosen.lambdaTV, `${path}.chosen.lambdaTV`, problems);
    checkNumber(v.chosen.lambdaChem, `${path}.chosen.lambdaChem`, problems);
  }
  checkArrayOf(v.curve, `${path}.curve`, problems, (p, at, pr): p is unknown => {
    if (!checkObject(p, at, pr)) return false;
    const b = pr.length;
    checkNumber(p.lambdaTV, `${at}.lambdaTV`, pr);
    checkNumber(p.lambdaChem, `${at}.lambdaChem`, pr);
    checkNumber(p.score, `${at}.score`, pr);
    return pr.length === b;
  }, 100_000);
  return problems.length === before;
}

/** StderrExtras for a result of `count` elements of `pixels` pixels each. */
function checkStderr(v: unknown, path: string, problems: Problems, count: number, pixels: number): v is StderrExtras {
  if (!checkObject(v, path, problems)) return false;
  const before = problems.length;
  checkKnownKeys(v, ['method', 'units', 'maps', 'average', 'haadfNoise', 'report'], path, problems);
  checkString(v.method, `${path}.method`, problems);
  checkString(v.units, `${path}.units`, problems);
  checkMaps(v.maps, `${path}.maps`, problems, count, pixels);
  if (checkArrayOf(v.average, `${path}.average`, problems, checkNumber, MAX_ELEMENTS) && v.average.length !== count) {
    problems.push(`${path}.average holds ${v.average.length} values, expected ${count}`);
  }
  checkString(v.haadfNoise, `${path}.haadfNoise`, problems);
  if (checkObject(v.report, `${path}.report`, problems)) {
    checkString(v.report.method, `${path}.report.method`, problems);
    checkObject(v.report.averageStandardError, `${path}.report.averageStandardError`, problems);
  }
  return problems.length === before;
}

/** A done reply's extras, against its (already checked) result. */
function checkExtras(v: unknown, result: unknown, path: string, problems: Problems): v is JobExtras {
  if (!checkObject(v, path, problems)) return false;
  const before = problems.length;
  checkKnownKeys(v, ['auto', 'stderr', 'stoichiometry'], path, problems);
  if (v.auto !== undefined) checkAuto(v.auto, `${path}.auto`, problems);
  if (v.stoichiometry !== undefined && checkObject(v.stoichiometry, `${path}.stoichiometry`, problems)) {
    checkOneOf(v.stoichiometry.basis, ['given', 'estimated', 'uncalibrated'], `${path}.stoichiometry.basis`, problems);
    checkString(v.stoichiometry.unit, `${path}.stoichiometry.unit`, problems);
  }
  if (v.stderr !== undefined) {
    const r = isRecord(result) ? result : {};
    const count = Array.isArray(r.elements) ? r.elements.length : 0;
    const pixels = typeof r.width === 'number' && typeof r.height === 'number' ? r.width * r.height : 0;
    checkStderr(v.stderr, `${path}.stderr`, problems, count, pixels);
  }
  return problems.length === before;
}

function checked<T>(m: unknown, problems: Problems): Checked<T> {
  return problems.length === 0 ? { ok: true, value: m as T } : { ok: false, problems };
}

/** The `jobId` a message claims, if it is a plausible one (to answer a malformed request with a failure). */
export function claimedJobId(m: unknown): string | undefined {
  return isRecord(m) && typeof m.jobId === 'string' && m.jobId.length > 0 && m.jobId.length <= 200 ? m.jobId : undefined;
}

/** Validates a message received by the compute process. */
export function validateHostMessage(m: unknown): Checked<HostMessage> {
  const problems: Problems = [];
  if (!isRecord(m)) return { ok: false, problems: [`message must be an object (got ${describe(m)})`] };
  if (!checkOneOf(m.type, ['fuse', 'cancel'], 'message.type', problems)) return { ok: false, problems };
  checkNonEmptyString(m.jobId, 'message.jobId', problems);
  if (m.type === 'fuse') {
    checkKnownKeys(m, ['type', 'jobId', 'inputs', 'params', 'options'], 'message', problems);
    checkInputs(m.inputs, 'inputs', problems);
    checkParams(m.params, 'params', problems);
    checkOptions(m.options, 'options', problems);
  } else {
    checkKnownKeys(m, ['type', 'jobId', 'resumable'], 'message', problems);
    if (m.resumable !== undefined) checkBoolean(m.resumable, 'message.resumable', problems);
  }
  return checked<HostMessage>(m, problems);
}

const REPLY_KEYS: Record<ComputeMessage['type'], readonly string[]> = {
  ready: ['type', 'protocol', 'pid', 'threadId'],
  progress: ['type', 'jobId', 'record', 'iterations', 'preview'],
  done: ['type', 'jobId', 'result', 'extras'],
  failed: ['type', 'jobId', 'kind', 'reason'],
  cancelled: ['type', 'jobId', 'partial'],
  rejected: ['type', 'problems'],
};

/** Validates a message received by the host. */
export function validateComputeMessage(m: unknown): Checked<ComputeMessage> {
  const problems: Problems = [];
  if (!isRecord(m)) return { ok: false, problems: [`message must be an object (got ${describe(m)})`] };
  const types = Object.keys(REPLY_KEYS) as ComputeMessage['type'][];
  if (!checkOneOf(m.type, types, 'message.type', problems)) return { ok: false, problems };
  checkKnownKeys(m, REPLY_KEYS[m.type], 'message', problems);
  if (m.type !== 'ready' && m.type !== 'rejected') checkNonEmptyString(m.jobId, 'message.jobId', problems);
  switch (m.type) {
    case 'ready':
      checkInteger(m.protocol, 'message.protocol', problems, 0, Number.MAX_SAFE_INTEGER);
      checkInteger(m.pid, 'message.pid', problems, 0, Number.MAX_SAFE_INTEGER);
      checkInteger(m.threadId, 'message.threadId', problems, 0, Number.MAX_SAFE_INTEGER);
      break;
    case 'progress':
      checkRecord(m.record, 'message.record', problems);
      checkInteger(m.iterations, 'message.iterations', problems, 0, Number.MAX_SAFE_INTEGER);
      if (m.preview !== undefined) checkPreview(m.preview, 'message.preview', problems);
      break;
    case 'done':
      if (checkResult(m.result, 'message.result', problems) && m.extras !== undefined) checkExtras(m.extras, m.result, 'message.extras', problems);
      break;
    case 'failed':
      checkOneOf(m.kind, FAILURE_KINDS, 'message.kind', problems);
      checkString(m.reason, 'message.reason', problems);
      break;
    case 'cancelled':
      if (m.partial !== undefined) checkPartial(m.partial, 'message.partial', problems);
      break;
    case 'rejected':
      checkArrayOf(m.problems, 'message.problems', problems, checkString, 1000);
      break;
  }
  return checked<ComputeMessage>(m, problems);
}
