// `npm run bench`: runs the benchmark sections and prints ONE JSON document on stdout (progress on stderr).
// Options: --sizes 256,512 (square sizes of the kernel section), --process-sizes 512,2048 (of the whole-process
// section), --quick (few repeats), --latency (adds the acquisition-folder latency section, ~2 minutes),
// --spectra (mapping an SI vs one fusion), --fgp (the FGP's ring and planes schedules, --fgp-sizes 1024,2048,4096), --latency-only / --process-only / --kernels-only / --spectra-only / --defaults-only / --fgp-only (only that section). Sections are modules in bench/; add one by adding it to SECTIONS.

import { environment, loadAverage } from './environment.js';
import { fgpSection } from './fgp-schedule.js';
import { kernelsSection, type KernelsReport } from './kernels.js';
import { latencySection } from './latency.js';
import { defaultsSection, type DefaultsReport } from './defaults.js';
import { parseOptions, progress, type BenchOptions } from './options.js';
import { spectraSection } from './spectra.js';
import { targets } from './targets.js';
import { processSection, type ProcessReport } from './whole-process.js';

const SECTIONS: Record<string, (options: BenchOptions) => Promise<unknown>> = {
  kernels: kernelsSection,
  process: processSection,
  defaults: defaultsSection,
};

/** Opt-in sections, by flag (not in the default run, which stays within a few minutes). */
const OPT_IN: Record<string, [string, (options: BenchOptions) => Promise<unknown>]> = {
  '--latency': ['latency', latencySection],
  '--process': ['process', processSection],
  '--kernels': ['kernels', kernelsSection],
  '--spectra': ['spectra', spectraSection],
  '--defaults': ['defaults', defaultsSection],
  '--fgp': ['fgp', fgpSection],
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only = argv.find((a) => a.endsWith('-only') && a.slice(0, -'-only'.length) in OPT_IN);
  for (const [flag, [name, run]] of Object.entries(OPT_IN)) if (argv.includes(flag) || only === `${flag}-only`) SECTIONS[name] = run;
  if (only !== undefined) for (const name of Object.keys(SECTIONS)) if (`--${name}-only` !== only) delete SECTIONS[name];
  const options = parseOptions(argv.filter((a) => !(a in OPT_IN) && a !== only));
  const env = environment();
  const started = performance.now();
  const report: Record<string, unknown> = { benchmark: 'fusem', options, environment: env };
  for (const [name, run] of Object.entries(SECTIONS)) {
    progress(`— section ${name}`);
    report[name] = await run(options);
  }
  if (report.kernels !== undefined || report.process !== undefined || report.defaults !== undefined) {
    report.targets = targets(report.kernels as KernelsReport | undefined, report.process as ProcessReport | undefined, report.defaults as DefaultsReport | undefined);
  }
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
