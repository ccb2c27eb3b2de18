// Command-line options of `npm run bench` (tsx bench/run.ts [--sizes 256,512] [--process-sizes 512,2048] [--process-baseline DIR] [--fgp-sizes 1024,2048] [--fgp-baseline DIR] [--quick]).

export interface BenchOptions {
  /** Square image sizes to measure (pixels per side). */
  sizes: number[];
  /** Fewer repeats and only the fast paths: a smoke run. */
  quick: boolean;
  /** Square sizes of the whole-process section (`fusem fuse` runs). */
  processSizes: number[];
  /** Another fusem checkout (built) whose `fusem fuse` the process section runs alternately with this one (before/after). */
  processBaseline?: string;
  /** Square sizes of the opt-in FGP-schedule section (--fgp). */
  fgpSizes: number[];
  /** The fgp section's optional baseline: a checkout of another fusem version (with node_modules) whose CpuBackend runs beside. */
  fgpBaseline: string | null;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { sizes: [256, 512, 1024], quick: false, processSizes: [512, 2048], fgpSizes: [1024, 2048, 4096], fgpBaseline: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--fgp-baseline' || arg.startsWith('--fgp-baseline=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) throw new Error('--fgp-baseline wants the folder of another fusem checkout');
      options.fgpBaseline = value;
    }
    else if (arg === '--process-baseline' || arg.startsWith('--process-baseline=')) {
      const dir = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!dir) throw new Error('--process-baseline wants the folder of another fusem checkout (built with npm run build:node)');
      options.processBaseline = dir;
    }
    else if (['--sizes', '--process-sizes', '--fgp-sizes'].some((o) => arg === o || arg.startsWith(`${o}=`))) {
      const name = arg.split('=')[0]!;
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const sizes = (value ?? '').split(',').map((s) => Number(s.trim()));
      if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s < 16)) throw new Error(`${name} wants a list like 256,512 (got "${value}")`);
      if (name === '--sizes') options.sizes = sizes;
      else if (name === '--fgp-sizes') options.fgpSizes = sizes;
      else options.processSizes = sizes;
    } else throw new Error(`unknown option ${arg} (use --sizes 256,512, --process-sizes 512,2048, --process-baseline DIR, --fgp-sizes 1024,2048, --fgp-baseline DIR and/or --quick)`);
  }
  return options;
}

/** Progress for humans, on stderr (stdout carries only the JSON document). */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
