// Command-line options of `npm run bench` (tsx bench/run.ts [--sizes 256,512] [--quick]).

export interface BenchOptions {
  /** Square image sizes to measure (pixels per side). */
  sizes: number[];
  /** Fewer repeats and only the fast paths: a smoke run. */
  quick: boolean;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { sizes: [256, 512, 1024], quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--sizes' || arg.startsWith('--sizes=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const sizes = (value ?? '').split(',').map((s) => Number(s.trim()));
      if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s < 2)) throw new Error(`--sizes wants a list like 256,512 (got "${value}")`);
      options.sizes = sizes;
    } else throw new Error(`unknown option ${arg} (use --sizes 256,512 and/or --quick)`);
  }
  return options;
}

/** Progress for humans, on stderr (stdout carries only the JSON document). */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
