// `fusem watch DIR --out OUT`: near-live fusion of an acquisition folder (DESIGN.md §4, issue 4). Every dataset that
// lands in DIR is fused once completely written, into OUT/<stem>/ in the `fusem fuse` layout; one that grows is
// fused again, warm-started, replacing its result. One line per event; runs until SIGINT/SIGTERM (exit 0), or with
// --once until what is there has been processed (exit 0, or 2 when a dataset failed).

import { checkWritableFolder } from '../../compute/io/safe-path.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { flag, numberOption, parseArgs, single, UsageError, threadsOption } from '../args.js';
import { PARAM_OPTIONS, paramsFromArgs } from '../params-from-args.js';
import { InputError } from '../../compute/io/errors.js';
import { validateParams } from '../../compute/solve/params.js';
import type { BackendChoice } from '../../compute/node/select-backend.js';
import { createWatcher, type AcquisitionWatcher, type WatcherEvents } from '../../main/services/watcher/index.js';
import type { CliIo } from '../io.js';
import { MAP_VALUED, mapRequestFromArgs } from '../spectrum-inputs.js';

const VALUED = [...PARAM_OPTIONS, ...MAP_VALUED.filter((o) => o !== 'frames'), 'out', 'backend', 'threads', 'progress-every', 'settle', 'poll-interval', 'read-attempts', 'depth'];
const FLAGS = ['poll', 'once', 'json', 'quiet'];

export const WATCH_SUMMARY = 'fuse each dataset that lands in an acquisition folder, near-live';

function positiveInteger(args: ReturnType<typeof parseArgs>, name: string, min: number): number | undefined {
  const v = numberOption(args, name);
  if (v !== undefined && !(Number.isInteger(v) && v >= min)) throw new UsageError(`--${name} must be an integer ≥ ${min} (got ${v})`);
  return v;
}

/** One line per event (JSON lines with --json). */
function printEvents(watcher: AcquisitionWatcher, io: CliIo, json: boolean, quiet: boolean, progressEvery: number): { failed: () => number } {
  let failed = 0;
  const line = <K extends keyof WatcherEvents>(event: K, text: (e: WatcherEvents[K]) => string, to: 'out' | 'err' = 'out'): void => {
    watcher.on(event, (e) => { io[to](json ? JSON.stringify({ event, ...e }) : text(e)); });
  };
  watcher.on('dataset-failed', () => { failed++; });
  line('dataset-failed', (e) => `failed ${e.id} (${e.stage}): ${e.message}`, json ? 'out' : 'err');
  line('fusion-done', (e) => `done ${e.id}${e.warmStart ? ' (warm start)' : ''}: ${e.elements.join(', ')}, ${e.iterationsRun} iterations in ${(e.fuseMs / 1000).toFixed(2)} s on ${e.backend} → ${e.resultDir}`);
  line('watcher-error', (e) => `watch: ${e.message}`, json ? 'out' : 'err');
  if (quiet) return { failed: () => failed };
  line('dataset-detected', (e) => `detected ${e.id} (${e.kind === 'file' ? 'dataset file' : 'file group'}: ${e.file})`);
  line('dataset-queued', (e) => `queued ${e.id} (${e.reason}, ${e.members.map((m) => m.role).join(' + ')}; position ${e.queuePosition + 1})`);
  line('fusion-started', (e) => `fusing ${e.id}: ${e.elements.join(', ')} ${e.height}×${e.width}${e.warmStart ? `, warm start from fusion ${e.run - 1}` : ''}`);
  watcher.on('fusion-progress', (e) => {
    if (e.iteration % progressEvery !== 0 && e.iteration !== e.iterations) return;
    io.err(json ? JSON.stringify({ event: 'fusion-progress', ...e })
      : `${e.id} ${e.level === 'coarse' ? 'coarse ' : ''}iteration ${e.iteration}/${e.iterations}  Ψ1 ${e.haadf.toExponential(4)}  Ψ2 ${e.chem.toExponential(4)}  TV ${e.tv.toExponential(4)}  change ${e.change.toExponential(2)}`);
  });
  return { failed: () => failed };
}

/** Resolves on the first SIGINT or SIGTERM (and stops listening for them). */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const on = (sig: NodeJS.Signals): void => { process.off('SIGINT', on); process.off('SIGTERM', on); done(sig); };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export async function watchCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, VALUED, FLAGS);
  if (args.positional.length === 0) throw new UsageError('give the folder to watch: fusem watch DIR --out OUT');
  if (args.positional.length > 1) throw new UsageError(`unexpected argument "${args.positional[1]}"`);
  const dir = args.positional[0]!;
  const out = single(args, 'out');
  if (out === undefined) throw new UsageError('--out OUT is required (each dataset is written to OUT/<name>/)');
  if (path.resolve(out) === path.resolve(dir)) throw new UsageError('--out must not be the watched folder itself (use a subfolder, e.g. --out DIR/fused, or another folder)');
  await checkWritableFolder(out, { what: 'the results folder', refuseRootLike: false }); // no /proc, /dev, read-only places
  if (path.parse(path.resolve(out)).root === path.resolve(out)) throw new UsageError('--out must not be the root of a filesystem');
  const params = paramsFromArgs(args);
  const paramProblems = validateParams(params, typeof params.weighting === 'string' ? 1 : params.weighting.length);
  if (paramProblems.length > 0) throw new UsageError(paramProblems[0]!);
  const backend = single(args, 'backend') ?? 'auto';
  if (!['auto', 'cpu', 'gpu', 'reference'].includes(backend)) throw new UsageError(`--backend must be auto, cpu, gpu or reference (got "${backend}")`);
  const threads = threadsOption(args);
  const progressEvery = positiveInteger(args, 'progress-every', 1) ?? 10;
  const settle = numberOption(args, 'settle');
  if (settle !== undefined && !(settle >= 0)) throw new UsageError(`--settle must be ≥ 0 seconds (got ${settle})`);
  const pollInterval = positiveInteger(args, 'poll-interval', 10);
  const readAttempts = positiveInteger(args, 'read-attempts', 1);
  const depth = positiveInteger(args, 'depth', 0);
  // Spectrum images that land are mapped with these options (issue 11), EELS and EDX alike.
  const maps = mapRequestFromArgs(args)?.request ?? null;
  try {
    if (!(await stat(dir)).isDirectory()) throw new InputError(dir, 'is not a folder');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(dir, 'does not exist or cannot be read');
  }

  const watcher = createWatcher({
    dir, out, params, backend: backend as BackendChoice, threads, usePolling: flag(args, 'poll'),
    ...(pollInterval === undefined ? {} : { pollIntervalMs: pollInterval }),
    ...(settle === undefined ? {} : { settleMs: settle * 1000 }),
    ...(readAttempts === undefined ? {} : { readAttempts }),
    ...(depth === undefined ? {} : { depth }),
    ...(maps ? { mapSettings: () => maps } : {}),
  });
  const json = flag(args, 'json');
  const { failed } = printEvents(watcher, io, json, flag(args, 'quiet'), progressEvery);
  const once = flag(args, 'once');
  try {
    await watcher.start();
    const signal = once ? null : untilSignal();
    if (!json && !flag(args, 'quiet')) io.err(`watching ${watcher.options.dir} → ${watcher.options.out}${once ? ' (once)' : ' (Ctrl-C to stop)'}`);
    if (once) {
      await watcher.whenIdle();
      for (const ds of watcher.state().filter((d) => d.phase === 'incomplete')) {
        if (json) io.out(JSON.stringify({ event: 'dataset-incomplete', id: ds.id, message: ds.message }));
        else io.err(`incomplete ${ds.id}: ${ds.message ?? ''}`);
      }
    } else {
      await signal;
    }
  } finally {
    await watcher.stop();
  }
  return once && failed() > 0 ? 2 : 0;
}
