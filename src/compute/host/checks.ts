// Small structural checks for values that arrive from another process: each appends a one-line problem
// naming the path of the bad field and returns whether the value passed. No value is trusted, nothing throws.

export type Problems = string[];

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

function fail(problems: Problems, path: string, expected: string, v: unknown): false {
  problems.push(`${path} must be ${expected} (got ${describe(v)})`);
  return false;
}

export function checkString(v: unknown, path: string, problems: Problems): v is string {
  return typeof v === 'string' || fail(problems, path, 'a string', v);
}

export function checkNonEmptyString(v: unknown, path: string, problems: Problems): v is string {
  return (typeof v === 'string' && v.length > 0 && v.length <= 200) || fail(problems, path, 'a string of 1–200 characters', v);
}

/** Any number, NaN and infinities included (what a cost may legitimately be is the solver's business). */
export function checkNumber(v: unknown, path: string, problems: Problems): v is number {
  return typeof v === 'number' || fail(problems, path, 'a number', v);
}

export function checkBoolean(v: unknown, path: string, problems: Problems): v is boolean {
  return typeof v === 'boolean' || fail(problems, path, 'true or false', v);
}

/** An integer in [min, max]. */
export function checkInteger(v: unknown, path: string, problems: Problems, min: number, max: number): v is number {
  return (Number.isInteger(v) && (v as number) >= min && (v as number) <= max) || fail(problems, path, `an integer from ${min} to ${max}`, v);
}

export function checkOneOf<T extends string>(v: unknown, allowed: readonly T[], path: string, problems: Problems): v is T {
  return (typeof v === 'string' && (allowed as readonly string[]).includes(v)) || fail(problems, path, `one of ${allowed.join(', ')}`, v);
}

export function checkFloat32Array(v: unknown, path: string, problems: Problems): v is Float32Array {
  return v instanceof Float32Array || fail(problems, path, 'a Float32Array', v);
}

export function checkArrayOf<T>(
  v: unknown, path: string, problems: Problems, item: (x: unknown, path: string, problems: Problems) => x is T, maxLength = 1_000_000,
): v is T[] {
  if (!Array.isArray(v) || v.length > maxLength) return fail(problems, path, `an array (at most ${maxLength} items)`, v);
  const before = problems.length;
  for (let i = 0; i < v.length && problems.length - before < 5; i++) item(v[i], `${path}[${i}]`, problems);
  return problems.length === before;
}

/** Keys of `o` that are not in `known`, as problems ("unknown field"). */
export function checkKnownKeys(o: Record<string, unknown>, known: readonly string[], path: string, problems: Problems): boolean {
  const extra = Object.keys(o).filter((k) => !known.includes(k));
  if (extra.length > 0) problems.push(`${path} has unknown field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 5).join(', ')}`);
  return extra.length === 0;
}

/** Appends `message` and returns false. */
export function problem(problems: Problems, message: string): false {
  problems.push(message);
  return false;
}

export function checkObject(v: unknown, path: string, problems: Problems): v is Record<string, unknown> {
  return isRecord(v) || fail(problems, path, 'an object', v);
}
