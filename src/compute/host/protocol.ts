// The messages between a compute host (main process, CLI, web server) and its compute process, and their
// zod schemas (DESIGN.md §2; the same library as the app's API in src/shared/api). Both sides validate everything
// they receive: a message that fails is answered (or dropped) with its problems, never trusted. Float32Arrays travel as copies (structured clone:
// child_process 'advanced' serialization, worker_threads and Electron's MessagePortMain all copy them).

import type { AutoParamsReport } from '../autoparams/report.js';
import { FACTOR_KINDS, type GivenFactors, type Stoichiometry } from '../kfactors/index.js';
import type { BackendChoice } from '../backend/types.js';
import type { FusionResult } from '../solve/fuse.js';
import type { IterationRecord } from '../solve/history.js';
import type { FusionInputs } from '../solve/inputs.js';
import { DEFAULT_PARAMS, type FusionParams } from '../solve/params.js';
import type { StderrReport } from '../uncertainty/report.js';
import type { SpectrumOperation } from './spectrum-types.js';
import {
  AnyNumber, ArrayOf, Bool, checkWith, describe, expecting, Float32, Int, isRecord, Loose, NonEmptyStr, OneOf, Str, Strict, z, type Checked,
} from './wire-schema.js';

/** Bumped when a message changes shape; the compute process announces it in `ready`. */
export const PROTOCOL_VERSION = 3; // 2: FuseOptions auto and stderr, DoneReply extras, PartialRun auto; 3: spectrum requests, inputs.variances

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

/** A question about a spectrum-image file (issue 11), answered at once, beside the job queue (spectrum-requests.ts). */
export interface SpectrumRequest {
  type: 'spectrum';
  requestId: string;
  operation: SpectrumOperation;
}

export type HostMessage = FuseRequest | CancelRequest | SpectrumRequest;

// ---------- compute process → host ----------

/** Sent once when the compute process is ready to serve. */
export interface ReadyReply {
  type: 'ready';
  protocol: number;
  pid: number;
  /** worker_threads threadId (0 in a process's main thread). */
  threadId: number;
}

/** Downsampled current maps (result units), for a live view (the API's fusion.progress adds the element names). */
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

/** One validation fusion of the λ search that precedes a default fusion (autoparams/path-search.ts); score −1: it diverged. */
export interface SearchReply {
  type: 'search';
  jobId: string;
  /** Validation fusions done so far. */
  done: number;
  lambdaTV: number;
  lambdaChem: number;
  score: number;
  best: { lambdaTV: number; lambdaChem: number; score: number };
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

/** The answer to a SpectrumRequest: SpectrumValues[op] (spectrum-requests.ts). */
export interface SpectrumDoneReply {
  type: 'spectrum-done';
  requestId: string;
  value: unknown;
}

/** A SpectrumRequest that could not be answered: `file` is set when it is bad input (an InputError naming that file). */
export interface SpectrumFailedReply {
  type: 'spectrum-failed';
  requestId: string;
  file: string | null;
  reason: string;
}

export type ComputeMessage = ReadyReply | ProgressReply | SearchReply | DoneReply | FailedReply | CancelledReply | RejectedReply | SpectrumDoneReply | SpectrumFailedReply;

export type { Checked };

// ---------- schemas ----------

const MAX_SIDE = 1 << 16;
const MAX_ELEMENTS = 128;

const Side = Int(1, MAX_SIDE);
const Count = Int(0, Number.MAX_SAFE_INTEGER);
const Float32s = ArrayOf(Float32, MAX_ELEMENTS);

const Inputs = Strict({ width: Side, height: Side, elements: ArrayOf(Str, MAX_ELEMENTS), haadf: Float32, maps: Float32s, variances: Float32s.optional() });

const PARAM_KEYS = Object.keys(DEFAULT_PARAMS) as (keyof FusionParams)[];

/** A parameter's shape from its default: weighting a name or numbers, a null default a number or null, else its type. */
function paramField(key: keyof FusionParams): z.ZodType {
  const reference: unknown = DEFAULT_PARAMS[key];
  if (key === 'weighting') return z.union([Str, ArrayOf(AnyNumber, MAX_ELEMENTS)], expecting('a name or an array of numbers'));
  if (reference === null) return z.union([z.null(), AnyNumber], expecting('a number or null'));
  if (typeof reference === 'number') return AnyNumber;
  if (typeof reference === 'boolean') return Bool;
  return Str;
}

/**
 * The shape of FusionParams, derived from DEFAULT_PARAMS (each field the type of its default), so a field added
 * there is checked here too. Values are judged by validateParams() in the compute process, which fails the job.
 */
const paramsShape = Object.fromEntries(PARAM_KEYS.map((k) => [k, paramField(k)])) as Record<keyof FusionParams, z.ZodType>;
const Params = Strict(paramsShape) as unknown as z.ZodType<FusionParams>;

const Options = Strict({
  warmStart: Float32s.optional(),
  backend: OneOf(BACKEND_CHOICES).optional(),
  threads: Int(1, 1024).optional(),
  previewEvery: Int(0, 1_000_000).optional(),
  previewSize: Int(1, MAX_SIDE).optional(),
  auto: Bool.optional(),
  stderr: Bool.optional(),
  kEstimate: Bool.optional(),
  factors: Strict({
    kind: OneOf(FACTOR_KINDS),
    values: z.record(z.string(), AnyNumber, { error: () => 'must be an object of numbers' }),
    uncertainty: z.record(z.string(), AnyNumber, { error: () => 'must be an object of numbers' }).optional(),
  }).optional(),
}) satisfies z.ZodType<FuseOptions>;

const FuseRequestSchema = Strict({ type: z.literal('fuse'), jobId: NonEmptyStr, inputs: Inputs, params: Params, options: Options });
const CancelRequestSchema = Strict({ type: z.literal('cancel'), jobId: NonEmptyStr, resumable: Bool.optional() });
/** The operation's shape is checked here; what it asks (elements, windows, region) by the mapping code, as bad input. */
const SpectrumRequestSchema = Strict({
  type: z.literal('spectrum'), requestId: NonEmptyStr,
  operation: Loose({ op: OneOf(['summary', 'region', 'map'] as const), file: NonEmptyStr }),
});

/** An IterationRecord: `level` plus numbers (the required ones named; fields the solver adds must be numbers too,
 * but FISTA's `restarted`, a boolean). */
export const IterationRecordWire = Loose({
  level: OneOf(['coarse', 'full'] as const),
  restarted: Bool.optional(),
  iteration: AnyNumber, haadf: AnyNumber, chem: AnyNumber, tv: AnyNumber, total: AnyNumber, change: AnyNumber, elapsedMs: AnyNumber,
}).catchall(AnyNumber) as unknown as z.ZodType<IterationRecord>;
const History = ArrayOf(IterationRecordWire, 10_000_000);

/** The fields of a PreviewFrame, the one definition the host protocol and the app's fusion.progress event share. */
export const PREVIEW_FRAME_FIELDS = { width: Side, height: Side, maps: Float32s };

/** A preview's maps each hold width × height values. */
export function previewMapsFit(p: PreviewFrame, ctx: z.RefinementCtx): void {
  if (p.maps.some((m) => m.length !== p.width * p.height)) ctx.addIssue({ code: 'custom', path: ['maps'], message: 'must each hold width×height values' });
}

export const PreviewFrameWire = Strict(PREVIEW_FRAME_FIELDS).superRefine(previewMapsFit);

/** The fields of a FusionResult the host relies on (fields the solver adds later pass through unchecked). */
const ResultSchema = Loose({
  elements: ArrayOf(Str, MAX_ELEMENTS),
  width: Side,
  height: Side,
  maps: Float32s,
  units: Str,
  params: Strict({ ...paramsShape, stepHaadf: AnyNumber }),
  weights: ArrayOf(AnyNumber, MAX_ELEMENTS),
  weighting: Str,
  normalisation: z.record(z.string(), z.unknown(), { error: () => 'must be an object' }),
  history: History,
  iterationsRun: Count,
  stoppedBy: OneOf(['iterations', 'tolerance'] as const),
  start: OneOf(['data', 'warm', 'coarse-to-fine'] as const),
  backend: Str,
  threads: AnyNumber,
  wallMs: AnyNumber,
});

/** An AutoParamsReport, shallowly: the chosen λ and the curve's points (other fields pass through unchecked). */
const AutoSchema = Loose({
  method: Str,
  chosen: Loose({ lambdaTV: AnyNumber, lambdaChem: AnyNumber }),
  curve: ArrayOf(Loose({ lambdaTV: AnyNumber, lambdaChem: AnyNumber, score: AnyNumber }), 100_000),
});

const StderrSchema = Strict({
  method: Str,
  units: Str,
  maps: Float32s,
  average: ArrayOf(AnyNumber, MAX_ELEMENTS),
  haadfNoise: Str,
  report: Loose({ method: Str, averageStandardError: z.record(z.string(), z.unknown(), { error: () => 'must be an object' }) }),
});

const StoichiometrySchema = Loose({ basis: OneOf(['given', 'estimated', 'combined', 'uncalibrated'] as const), unit: Str });

const ExtrasSchema = Strict({ auto: AutoSchema.optional(), stderr: StderrSchema.optional(), stoichiometry: StoichiometrySchema.optional() });

const PartialSchema = Strict({ maps: Float32s, history: History, wallMs: AnyNumber, auto: AutoSchema.optional() });

type Ctx = z.RefinementCtx;

/** `count` maps of `pixels` values each, at `path`. */
function mapsFit(maps: readonly Float32Array[], count: number, pixels: number, path: (string | number)[], ctx: Ctx): void {
  if (maps.length !== count) { ctx.addIssue({ code: 'custom', path, message: `holds ${maps.length} maps, expected ${count}` }); return; }
  const bad = maps.findIndex((m) => m.length !== pixels);
  if (bad >= 0) ctx.addIssue({ code: 'custom', path: [...path, bad], message: `has ${maps[bad]!.length} values, expected ${pixels}` });
}

const DoneSchema = Strict({ type: z.literal('done'), jobId: NonEmptyStr, result: ResultSchema, extras: ExtrasSchema.optional() }).superRefine((m, ctx) => {
  const count = m.result.elements.length, pixels = m.result.width * m.result.height;
  mapsFit(m.result.maps, count, pixels, ['result', 'maps'], ctx);
  const se = m.extras?.stderr;
  if (se) {
    mapsFit(se.maps, count, pixels, ['extras', 'stderr', 'maps'], ctx);
    if (se.average.length !== count) ctx.addIssue({ code: 'custom', path: ['extras', 'stderr', 'average'], message: `holds ${se.average.length} values, expected ${count}` });
  }
});

const REPLY_SCHEMAS = {
  ready: Strict({ type: z.literal('ready'), protocol: Count, pid: Count, threadId: Count }),
  progress: Strict({ type: z.literal('progress'), jobId: NonEmptyStr, record: IterationRecordWire, iterations: Count, preview: PreviewFrameWire.optional() }),
  search: Strict({
    type: z.literal('search'), jobId: NonEmptyStr, done: Count, lambdaTV: AnyNumber, lambdaChem: AnyNumber, score: AnyNumber,
    best: Strict({ lambdaTV: AnyNumber, lambdaChem: AnyNumber, score: AnyNumber }),
  }),
  done: DoneSchema,
  failed: Strict({ type: z.literal('failed'), jobId: NonEmptyStr, kind: OneOf(FAILURE_KINDS), reason: Str }),
  cancelled: Strict({ type: z.literal('cancelled'), jobId: NonEmptyStr, partial: PartialSchema.optional() }),
  rejected: Strict({ type: z.literal('rejected'), problems: ArrayOf(Str, 1000) }),
  'spectrum-done': Strict({ type: z.literal('spectrum-done'), requestId: NonEmptyStr, value: z.unknown() }),
  'spectrum-failed': Strict({ type: z.literal('spectrum-failed'), requestId: NonEmptyStr, file: z.union([z.null(), Str]), reason: Str }),
} as const;

/** The `jobId` a message claims, if it is a plausible one (to answer a malformed request with a failure). */
export function claimedJobId(m: unknown): string | undefined {
  return isRecord(m) && typeof m.jobId === 'string' && m.jobId.length > 0 && m.jobId.length <= 200 ? m.jobId : undefined;
}

/** Problems read from the message's root: `message.type`, but `inputs.haadf` for the parts of a fuse request. */
const hostRoot = (first: PropertyKey | undefined): string => (first === 'inputs' || first === 'params' || first === 'options' ? '' : 'message');
const replyRoot = (): string => 'message';

/** Validates a message received by the compute process. */
export function validateHostMessage(m: unknown): Checked<HostMessage> {
  if (!isRecord(m)) return { ok: false, problems: [`message must be an object (got ${describe(m)})`] };
  const type = checkWith(OneOf(['fuse', 'cancel', 'spectrum']), m.type, () => 'message.type');
  if (!type.ok) return type;
  if (m.type === 'spectrum') return checkWith(SpectrumRequestSchema as unknown as z.ZodType<SpectrumRequest>, m, hostRoot);
  return m.type === 'fuse'
    ? checkWith(FuseRequestSchema as unknown as z.ZodType<FuseRequest>, m, hostRoot)
    : checkWith(CancelRequestSchema as z.ZodType<CancelRequest>, m, hostRoot);
}

/** Validates a message received by the host. */
export function validateComputeMessage(m: unknown): Checked<ComputeMessage> {
  if (!isRecord(m)) return { ok: false, problems: [`message must be an object (got ${describe(m)})`] };
  const types = Object.keys(REPLY_SCHEMAS) as ComputeMessage['type'][];
  const type = checkWith(OneOf(types), m.type, () => 'message.type');
  if (!type.ok) return type;
  return checkWith(REPLY_SCHEMAS[m.type as ComputeMessage['type']] as unknown as z.ZodType<ComputeMessage>, m, replyRoot);
}
