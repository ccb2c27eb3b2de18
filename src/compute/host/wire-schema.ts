// zod for the compute host's messages, as src/shared/api uses it for the app's: building blocks whose problems read
// "PATH must be WHAT (got VALUE)", and the formatter that turns zod's issues into those one-line problems.

import { z } from 'zod';

// No `new Function` fast path (the same setting as src/shared/api/z.ts: the renderer's CSP forbids eval, and these
// schemas are reachable from it through compute/public.ts).
z.config({ jitless: true });

export { z };

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** A short description of a value for a problem message (never its full contents). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (typeof v === 'string') return v.length > 40 ? `"${v.slice(0, 40)}…"` : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return typeof v;
}

/** The error of a schema: "must be WHAT (got VALUE)", or the unknown fields of a strict object. */
export function expecting(what: string): { error: (iss: { code?: string; input?: unknown; keys?: string[] }) => string } {
  return {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys' && iss.keys) {
        return `has unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.slice(0, 5).join(', ')}`;
      }
      return `must be ${what} (got ${describe(iss.input)})`;
    },
  };
}

/** Any number, NaN and infinities included (what a cost may legitimately be is the solver's business). */
export const AnyNumber = z.custom<number>((v) => typeof v === 'number', expecting('a number'));
export const Str = z.custom<string>((v) => typeof v === 'string', expecting('a string'));
export const NonEmptyStr = z.custom<string>((v) => typeof v === 'string' && v.length > 0 && v.length <= 200, expecting('a string of 1–200 characters'));
export const Bool = z.custom<boolean>((v) => typeof v === 'boolean', expecting('true or false'));
export const Float32 = z.custom<Float32Array>((v) => v instanceof Float32Array, expecting('a Float32Array'));

/** An integer in [min, max]. */
export const Int = (min: number, max: number) =>
  z.custom<number>((v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max, expecting(`an integer from ${min} to ${max}`));

export const OneOf = <T extends string>(allowed: readonly T[]) =>
  z.custom<T>((v) => typeof v === 'string' && (allowed as readonly string[]).includes(v), expecting(`one of ${allowed.join(', ')}`));

export const ArrayOf = <T extends z.ZodType>(item: T, maxLength = 1_000_000) =>
  z.array(item, expecting(`an array (at most ${maxLength} items)`)).max(maxLength, expecting(`an array (at most ${maxLength} items)`));

/** An object with exactly these fields (unknown ones are problems). */
export const Strict = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape, expecting('an object'));
/** An object with at least these fields (others pass through unchecked). */
export const Loose = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape, expecting('an object'));

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** `a.b[2].c` from an issue path, under `root` (omitted when `root(path)` says so). */
function pathText(path: readonly PropertyKey[], root: (first: PropertyKey | undefined) => string): string {
  let s = root(path[0]);
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `${s === '' ? '' : '.'}${String(p)}`;
  return s;
}

/** zod's issues as one-line problems naming the path (at most `max` of them), unknown fields first. */
export function problemsOf(error: z.ZodError, root: (first: PropertyKey | undefined) => string, max = 20): string[] {
  const issues = [...error.issues.filter((i) => i.code === 'unrecognized_keys'), ...error.issues.filter((i) => i.code !== 'unrecognized_keys')];
  return issues.slice(0, max).map((iss) => `${pathText(iss.path, root)} ${iss.message}`);
}

/** Parse `m` with `schema`: the value, or the problems. */
export function checkWith<T>(schema: z.ZodType<T>, m: unknown, root: (first: PropertyKey | undefined) => string): Checked<T> {
  const r = schema.safeParse(m, { reportInput: true });
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: problemsOf(r.error, root) };
}
