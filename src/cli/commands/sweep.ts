// `fusem sweep`: a dose/SNR sweep (DESIGN.md §1, the paper's Fig. 6) as a headless batch job. Runs (or resumes) a
// grid of HAADF SNR × chemical SNR on a phantom, or a slice of it (--cells i:j, for a cluster's job array), writes
// each finished cell to DIR/cells/<k>.json, and prints the NRMSE table; `--collect DIR` prints a sweep's table.

import { checkWritableFolder } from '../../compute/io/safe-path.js';
import { flag, numberOption, parseArgs, single, UsageError, type ParsedArgs, threadsOption, parseDecimal } from '../args.js';
import type { CliIo } from '../io.js';
import { PARAM_OPTIONS, paramsFromArgs } from '../params-from-args.js';
import { createBackend, type BackendChoice } from '../../compute/node/select-backend.js';
import { PHANTOM_NAMES, resolvePhantomName } from '../../compute/simulate/phantoms/index.js';
import { cellCount, formatCellRanges, makeGrid, NOISE_SCHEMES, parseCellSlice, type NoiseScheme } from '../../compute/sweep/grid.js';
import { runSweep, type SweepRun } from '../../compute/sweep/run-sweep.js';
import { SweepMismatch, SweepStore, type SweepCollection } from '../../compute/node/sweep-store.js';

export const SWEEP_USAGE =
  'usage: fusem sweep PHANTOM --out DIR --haadf-snr S1,S2,... --chem-snr S1,S2,... [--realisations N] [--size N] ' +
  '[--cells i:j] [--seed S] [--noise common|independent] [--backend auto|cpu|gpu|reference] [--threads N] [fusion options] [--json] [--quiet]\n' +
  `       fusem sweep --collect DIR [--json]      (PHANTOM: ${PHANTOM_NAMES.join(', ')}; --cells is half-open: 2:5 runs cells 2, 3, 4)`;

const VALUED = [...PARAM_OPTIONS, 'out', 'haadf-snr', 'chem-snr', 'realisations', 'size', 'cells', 'seed', 'noise', 'backend', 'threads', 'collect'];
const BACKENDS: readonly BackendChoice[] = ['auto', 'cpu', 'gpu', 'reference'];

function snrList(args: ParsedArgs, name: string): number[] {
  const text = single(args, name);
  if (text === undefined) throw new UsageError(`--${name} is required (a comma-separated list, e.g. 5,10,20)`);
  const values = text.split(',').map((s) => s.trim());
  const numbers = values.map((v) => parseDecimal(v) ?? NaN);
  if (values.some((s) => s === '') || numbers.some((v) => !(Number.isFinite(v) && v > 0))) {
    throw new UsageError(`--${name} must be a comma-separated list of numbers > 0 (got "${text}")`);
  }
  return numbers;
}

const fmt = (v: number | null): string => (v === null ? '—' : v.toFixed(4));

/** A matrix as text: rows HAADF SNR, columns chemical SNR. */
function table(title: string, c: SweepCollection, m: (number | null)[][]): string[] {
  const w = Math.max(8, ...c.grid.chemSnr.map((s) => String(s).length + 1));
  const head = 'HAADF \\ chem'.padStart(12) + c.grid.chemSnr.map((s) => String(s).padStart(w)).join('');
  return [title, head, ...c.grid.haadfSnr.map((s, i) => String(s).padStart(12) + m[i]!.map((v) => fmt(v).padStart(w)).join(''))];
}

function report(io: CliIo, dir: string, c: SweepCollection, json: boolean, run?: SweepRun): void {
  const total = cellCount(c.grid);
  if (json) {
    io.out(JSON.stringify({
      dir, gridId: c.gridId, grid: c.grid, elements: c.elements, haadfSnr: c.grid.haadfSnr, chemSnr: c.grid.chemSnr,
      meanNrmse: c.meanNrmse, meanNrmseSd: c.meanNrmseSd, nrmse: c.nrmse, rawMeanNrmse: c.rawMeanNrmse, averageStderr: c.averageStderr, stderrCorrelation: c.stderrCorrelation,
      cells: total, missing: c.missing, complete: c.complete, ...(run ? { run } : {}),
    }));
    return;
  }
  const g = c.grid;
  io.out(`sweep ${c.gridId}: ${g.phantom} ${g.size}×${g.size}, ${g.realisations} realisation${g.realisations === 1 ? '' : 's'} per cell (${g.noise} noise, seed ${g.seed}), ` +
    `${g.params.iterations} iterations, λ_chem ${g.params.lambdaChem}, λ_TV ${g.params.lambdaTV}, ${g.params.normalise} mode, weighting ${String(g.params.weighting)} → ${dir}`);
  for (const line of table(`mean NRMSE of the fused maps over ${c.elements.join(', ') || 'the elements'} (rows HAADF SNR, columns chemical SNR):`, c, c.meanNrmse)) io.out(line);
  for (const line of table('mean NRMSE of the raw maps:', c, c.rawMeanNrmse)) io.out(line);
  for (const line of table('predicted relative error (average standard error / map RMS, fused):', c, c.averageStderr)) io.out(line);
  if (c.stderrCorrelation !== null) io.out(`correlation of NRMSE with the predicted error over the cells: r = ${c.stderrCorrelation.toFixed(3)}`);
  if (c.complete) io.out(`all ${total} cells done`);
  else io.out(`${c.missing.length} of ${total} cells missing: ${formatCellRanges(c.missing)} (run them with --cells)`);
}

/** Runs `fusem sweep`; 0 on success, 2 on bad input (one line on err), 130 when cancelled (finished cells kept). */
export async function sweepCommand(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  try {
    return await run(argv, io, signal);
  } catch (e) {
    if (e instanceof UsageError || e instanceof RangeError || e instanceof SweepMismatch) {
      io.err(`fusem sweep: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

async function run(argv: string[], io: CliIo, signal: AbortSignal | undefined): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { io.out(SWEEP_USAGE); return 0; }
  const args = parseArgs(argv, VALUED, ['json', 'quiet']);
  const json = flag(args, 'json');

  const collectDir = single(args, 'collect');
  if (collectDir !== undefined) {
    const extra = [...args.options.keys()].filter((k) => k !== 'collect' && k !== 'json');
    if (args.positional.length > 0 || extra.length > 0) throw new UsageError(`--collect takes only a directory and --json (got ${[...args.positional, ...extra.map((k) => `--${k}`)].join(' ')})`);
    const store = await SweepStore.open(collectDir);
    report(io, collectDir, await store.collect(), json);
    return 0;
  }

  if (args.positional.length === 0) throw new UsageError(`which phantom? one of ${PHANTOM_NAMES.join(', ')} (or --collect DIR)`);
  if (args.positional.length > 1) throw new UsageError(`one phantom at a time, got ${args.positional.join(' ')}`);
  const phantom = resolvePhantomName(args.positional[0]!);
  if (phantom === undefined) throw new UsageError(`unknown phantom "${args.positional[0]}" (one of ${PHANTOM_NAMES.join(', ')})`);
  const out = single(args, 'out');
  if (out === undefined || out === '') throw new UsageError('--out DIR is required');
  await checkWritableFolder(out, { what: 'the sweep folder' }); // no /proc, /dev, root or home, before any work
  const noise = single(args, 'noise') ?? 'common';
  if (!(NOISE_SCHEMES as readonly string[]).includes(noise)) throw new UsageError(`--noise must be ${NOISE_SCHEMES.join(' or ')} (got "${noise}")`);
  const backendChoice = single(args, 'backend') ?? 'auto';
  if (!(BACKENDS as readonly string[]).includes(backendChoice)) throw new UsageError(`--backend must be ${BACKENDS.join(', ')} (got "${backendChoice}")`);
  const threads = threadsOption(args);

  const grid = makeGrid({
    phantom, size: numberOption(args, 'size') ?? 64, haadfSnr: snrList(args, 'haadf-snr'), chemSnr: snrList(args, 'chem-snr'),
    realisations: numberOption(args, 'realisations') ?? 3, seed: numberOption(args, 'seed') ?? 1, noise: noise as NoiseScheme,
    params: paramsFromArgs(args),
  });
  const cellsText = single(args, 'cells');
  const cells = cellsText === undefined ? undefined : parseCellSlice(cellsText, cellCount(grid));
  const store = await SweepStore.create(out, grid);

  // Ctrl-C stops between cells (or inside a fusion); finished cells stay on disk for a later resume.
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  if (signal) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', onSigint, { once: true });
  } else {
    process.once('SIGINT', onSigint);
  }
  const quiet = json || flag(args, 'quiet');
  const backend = await createBackend(backendChoice as BackendChoice, threads === undefined ? {} : { threads });
  let result: SweepRun;
  try {
    result = await runSweep(store, {
      cells, backend, signal: controller.signal,
      onProgress: (p) => {
        if (quiet) return;
        if (p.kind === 'skipped') io.err(`cell ${p.cell}: already done (${p.done}/${p.total})`);
        else if (p.kind === 'cell') {
          const r = p.result;
          io.err(`cell ${p.cell} (HAADF SNR ${r.haadfSnr}, chemical SNR ${r.chemSnr}): NRMSE ${r.meanNrmse.toFixed(4)} (raw ${r.rawMeanNrmse.toFixed(4)}) in ${(r.wallMs / 1000).toFixed(2)} s (${p.done}/${p.total})`);
        }
      },
    });
  } finally {
    if (signal) signal.removeEventListener('abort', onSigint);
    else process.removeListener('SIGINT', onSigint);
    await backend.dispose();
  }
  if (result.cancelled) io.err(`fusem sweep: cancelled; ${result.ran.length} cell(s) finished this run are kept in ${out} (run the same command again to resume)`);
  report(io, out, await store.collect(), json, result);
  return result.cancelled ? 130 : 0;
}
