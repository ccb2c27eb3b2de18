// Building blocks of the contract: names, paths, images as Float32Array, fusion parameters and the
// per-iteration record, each a zod schema checked against the compute engine's own types.

import { DATA_TERM_CHOICES, validateParams, type FusionParams, type IterationRecord } from '../../../compute/public.js';
import { z } from '../z.js';

/** Compile-time check that A can be used where B is expected. */
export type Assignable<A, B> = [A] extends [B] ? true : false;
export type Check<T extends true> = T;

/** A dataset or result id: a plain name, safe as a folder name (as src/main/services/project/ids.ts makes them). */
export const Id = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._ ()+,=@-]*$/, 'must be a plain name (letters, digits, . _ - and no separators)')
  .refine((s) => !s.includes('..'), 'must not contain ".."');

/** A job id handed out by fusion.start. */
export const JobId = z.string().min(1).max(200);

/** A file or folder path on the machine running the backend. */
export const FilePath = z
  .string()
  .min(1, 'must not be empty')
  .max(4096)
  .refine((s) => !s.includes('\0'), 'must not contain NUL');

/** A file name without any folder: no separators, not "." or "..", no control characters. */
export const FileName = z
  .string()
  .min(1, 'must not be empty')
  .max(200)
  .refine((s) => !/[\/\\\u0000-\u001f\u007f:]/.test(s), 'must be a file name, not a path (no / \\ : or control characters)')
  .refine((s) => s.trim() === s && s !== '.' && s !== '..' && !s.startsWith('.'), 'must be a plain file name (not starting with a dot or space)');

/** A label the user typed. */
export const Label = z.string().max(500);

/** An ISO 8601 time. */
export const IsoTime = z.string().max(64);

export const ElementSymbol = z.string().min(1).max(16);

/** Image sides are at most this many pixels. */
export const MAX_SIDE = 65536;
const Side = z.number().int().min(1).max(MAX_SIDE);

/** [rows, cols] */
export const Shape = z.tuple([Side, Side]);

/** True for a Float32Array of any realm (contextBridge and structured clone may hand over another realm's). */
export function isFloat32Array(v: unknown): v is Float32Array {
  return ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Float32Array]';
}

export const Float32 = z.custom<Float32Array>(isFloat32Array, 'must be a Float32Array');

/**
 * A row-major width × height image. Over IPC `data` is a Float32Array copy (structured clone); over the
 * WebSocket it travels in the binary part of the frame (wire.ts) and arrives as a Float32Array too.
 */
export const ImageArray = z
  .object({ width: Side, height: Side, data: Float32 })
  .refine((im) => im.data.length === im.width * im.height, 'data must hold width × height values');
export type ImageArray = z.output<typeof ImageArray>;

/** One element's map (or the HAADF, with element 'HAADF'). */
export const ElementImage = z.object({ element: ElementSymbol, image: ImageArray });
export type ElementImage = z.output<typeof ElementImage>;

const FiniteNumber = z.number(); // zod 4: finite only

/** FusionParams (src/compute/solve/params.ts), shape and ranges checked with its own validateParams. */
export const FusionParamsSchema = z
  .strictObject({
    gamma: FiniteNumber,
    lambdaChem: FiniteNumber,
    lambdaTV: FiniteNumber,
    chooseLambda: z.enum(['both', 'tv', 'chem', 'none']).default('both'),
    iterations: z.number().int(),
    tvIterations: z.number().int(),
    eps: FiniteNumber,
    pseudoCounts: FiniteNumber.default(1),
    weighting: z.union([z.enum(['paper', 'tutorial', 'none']), z.array(FiniteNumber).min(1).max(128).readonly()]),
    dataTerm: z.enum(DATA_TERM_CHOICES),
    haadfBackground: z.enum(['offset', 'ramp', 'quadratic']).default('ramp'),
    normalise: z.enum(['counts', 'reference']),
    tolerance: FiniteNumber,
    solver: z.enum(['fista', 'plain']).default('fista'),
    stepHaadf: FiniteNumber.nullable(),
    initThreshold: FiniteNumber,
    start: z.enum(['auto', 'data', 'coarse-to-fine']),
    backtrack: z.boolean(),
    haadfRefitEvery: z.number().int(),
  })
  .superRefine((p, ctx) => {
    // Custom weights are checked against their own count here; against the dataset's elements by the service.
    const elements = Array.isArray(p.weighting) ? p.weighting.length : 1;
    for (const problem of validateParams(p, elements)) ctx.addIssue({ code: 'custom', message: problem });
  });
type _ParamsOut = Check<Assignable<z.output<typeof FusionParamsSchema>, FusionParams>>;
type _ParamsIn = Check<Assignable<FusionParams, z.input<typeof FusionParamsSchema>>>;

/** Per-element factors the user gave (the shape of GivenFactors in src/compute/kfactors/factors.ts): Cliff–Lorimer k / ζ (atoms per count), EELS cross-sections or sensitivities (counts per atom). */
export const GivenFactorsSchema = z.strictObject({
  kind: z.enum(['k-factor', 'zeta-factor', 'cross-section', 'sensitivity']),
  values: z.record(ElementSymbol, z.number().positive().max(1e12)),
  /** Relative standard uncertainty per factor (0.1 = ±10 %); with one > 0 the factors are a prior on the HAADF estimate. */
  uncertainty: z.record(ElementSymbol, z.number().min(0).max(10)).optional(),
});

/** IterationRecord (src/compute/solve/history.ts). */
export const IterationRecordSchema = z.object({
  iteration: z.number().int().min(0),
  level: z.enum(['coarse', 'full']),
  haadf: FiniteNumber,
  chem: FiniteNumber,
  tv: FiniteNumber,
  total: FiniteNumber,
  stepScale: FiniteNumber,
  change: FiniteNumber,
  residual: FiniteNumber.optional(),
  restarted: z.boolean().optional(),
  elapsedMs: FiniteNumber,
});
type _RecordOut = Check<Assignable<z.output<typeof IterationRecordSchema>, IterationRecord>>;
type _RecordIn = Check<Assignable<IterationRecord, z.input<typeof IterationRecordSchema>>>;

/** Params of a request that takes none: `{}` (or nothing at all). */
export const NoParams = z.strictObject({});

/** Result of a request that returns nothing. */
export const Nothing = z.null();
