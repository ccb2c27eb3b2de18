// A small, strict parser for `--name value` / `--flag` command lines.

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

/** A number option, or undefined; a UsageError when it is not a finite number. */
export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const v = single(args, name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${name} must be a number (got "${v}")`);
  return x;
}

/** True when a flag was given. */
export const flag = (args: ParsedArgs, name: string): boolean => args.options.has(name);
