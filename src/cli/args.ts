// A small, strict parser for `--name value` / `--flag` command lines.

import { availableParallelism } from 'node:os';
import { excerpt } from '../compute/io/errors.js';
import { threadsProblem } from '../compute/solve/params.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  /** Positional arguments in order. */
  positional: string[];
  /** Options by name (without --): every value given, in order; flags hold ''. */
  options: Map<string, string[]>;
}

/**
 * Parse argv against the known options: `valued` take one value each (repeatable),
 * `flags` take none. Anything else is a UsageError naming it.
 */
export function parseArgs(argv: readonly string[], valued: readonly string[], flags: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (!arg.startsWith('--')) { positional.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    if (flags.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      options.set(name, [...(options.get(name) ?? []), '']);
    } else if (valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++k];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      options.set(name, [...(options.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positional, options };
}

/** The value of an option, or undefined; when it is given more than once the last one counts, as in most tools. */
export function single(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.at(-1);
}

/** A plain decimal number: 12, -0.5, .5, 3e-4 (not 0x2, 1e, Infinity, NaN, 1_000 or an empty string). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `text` as a number, or null when it is not a plain, finite decimal number. */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const x = Number(t);
  return Number.isFinite(x) ? x : null;
}

/** A number option, or undefined; a UsageError when it is not a plain, finite decimal number. */
export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const v = single(args, name);
  if (v === undefined) return undefined;
  const x = parseDecimal(v);
  if (x === null) throw new UsageError(`--${name} must be a number (got "${excerpt(v)}"): a plain decimal such as 0.5 or 2e-3`);
  return x;
}

/** True when a flag was given. */
export const flag = (args: ParsedArgs, name: string): boolean => args.options.has(name);

/** `--threads N`, or undefined: an integer from 1 to twice this machine's cores (the bounds of compute/solve/params.ts). */
export function threadsOption(args: ParsedArgs): number | undefined {
  const threads = numberOption(args, 'threads');
  if (threads === undefined) return undefined;
  const problem = threadsProblem(threads, availableParallelism());
  if (problem) throw new UsageError(`--${problem} on this machine of ${availableParallelism()} cores`);
  return threads;
}
