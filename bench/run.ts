// `npm run bench`: runs the benchmark sections and prints ONE JSON document on stdout (progress on stderr).
// Options: --sizes 256,512 (square sizes), --quick (few repeats). Sections are modules in bench/; add one by
// adding it to SECTIONS.

import { environment, loadAverage } from './environment.js';
import { kernelsSection, type KernelsReport } from './kernels.js';
import { parseOptions, progress, type BenchOptions } from './options.js';
import { targets } from './targets.js';

const SECTIONS: Record<string, (options: BenchOptions) => Promise<unknown>> = {
  kernels: kernelsSection,
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const env = environment();
  const started = performance.now();
  const report: Record<string, unknown> = { benchmark: 'fusem', options, environment: env };
  for (const [name, run] of Object.entries(SECTIONS)) {
    progress(`— section ${name}`);
    report[name] = await run(options);
  }
  report.targets = targets(report.kernels as KernelsReport);
  env.loadAverageEnd = loadAverage();
  report.wallSeconds = Math.round((performance.now() - started) / 100) / 10;
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
