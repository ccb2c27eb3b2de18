// Bench section "latency" (opt-in: --latency): how long a microscopist waits beside the microscope. From the last byte
// of a 512×512, 3-element dataset (HAADF + Co, S, O maps as .npy files of one acquisition) landing in a watched folder
// to its fused result (50 iterations, createBackend('auto')) being on disk, through the real watcher with its default
// settle and write-completion checks. Datasets are dropped one at a time (each after the previous result), so the
// numbers are per-dataset latency, not queueing; the breakdown says where the time goes.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeNpy } from '../src/compute/io/index.js';
import { closeHdf5Worker } from '../src/compute/io/index.js';
import { coreShell, simulateAcquisition } from '../src/compute/simulate/index.js';
import { DEFAULT_PARAMS } from '../src/compute/solve/params.js';
import { createWatcher, type FusionDoneEvent } from '../src/main/services/watcher/index.js';
import { progress, type BenchOptions } from './options.js';

export const LATENCY_SIZE = 512;
export const LATENCY_ITERATIONS = 50;

export interface LatencyStats { medianMs: number; worstMs: number; bestMs: number }

export interface LatencyReport {
  problem: string;
  datasets: number;
  size: number;
  elements: string[];
  iterations: number;
  backend: string;
  /** The watcher's settings that bound the latency from below. */
  watcher: { settleMs: number; stableChecks: number; stableIntervalMs: number; usePolling: boolean };
  /** Last byte written → result directory renamed into place. */
  latency: LatencyStats;
  /** Medians of the parts (fusion-done's timings): settle + write checks, read, queue, fusion, result write. */
  breakdownMedianMs: { wait: number; read: number; queued: number; fuse: number; write: number };
  samplesMs: number[];
}

const round = (x: number): number => Math.round(x * 10) / 10;

function stats(xs: number[]): LatencyStats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { medianMs: round(median), worstMs: round(s.at(-1)!), bestMs: round(s[0]!) };
}

const median = (xs: number[]): number => stats(xs).medianMs;

/** The .npy files of one simulated acquisition, in memory (so that writing them is all that is timed). */
function datasetFiles(seed: number): { name: string; bytes: Uint8Array }[] {
  const n = LATENCY_SIZE * LATENCY_SIZE;
  const ph = coreShell({ width: LATENCY_SIZE, height: LATENCY_SIZE, seed });
  const acq = simulateAcquisition(ph, { chemSnr: 3, haadfSnr: 20, seed });
  const shape = [LATENCY_SIZE, LATENCY_SIZE];
  return [
    { name: 'HAADF', bytes: encodeNpy(acq.haadf, shape) },
    ...ph.elements.map((el, i) => ({ name: el, bytes: encodeNpy(acq.maps.subarray(i * n, (i + 1) * n), shape) })),
  ];
}

export async function latencySection(options: BenchOptions): Promise<LatencyReport> {
  const count = options.quick ? 5 : 20;
  const dir = await mkdtemp(path.join(tmpdir(), 'fusem-bench-watch-'));
  const out = await mkdtemp(path.join(tmpdir(), 'fusem-bench-watch-out-'));
  const watcher = createWatcher({ dir, out, params: { ...DEFAULT_PARAMS, iterations: LATENCY_ITERATIONS }, backend: 'auto' });
  const samples: number[] = [];
  const done: FusionDoneEvent[] = [];
  try {
    await watcher.start();
    for (let k = 0; k < count; k++) {
      const id = `scan${String(k).padStart(3, '0')}`;
      const files = datasetFiles(k + 1);
      const result = new Promise<FusionDoneEvent>((resolve, reject) => {
        const offDone = watcher.on('fusion-done', (e) => { if (e.id === id) { offDone(); offFail(); resolve(e); } });
        const offFail = watcher.on('dataset-failed', (e) => { if (e.id === id) { offDone(); offFail(); reject(new Error(e.message)); } });
      });
      for (const f of files) await writeFile(path.join(dir, `${id}_${f.name}.npy`), f.bytes);
      const landed = performance.now();
      const e = await result;
      samples.push(performance.now() - landed);
      done.push(e);
      progress(`  latency ${id}: ${(samples.at(-1)! / 1000).toFixed(2)} s (fusion ${(e.fuseMs / 1000).toFixed(2)} s on ${e.backend})`);
    }
  } finally {
    await watcher.stop();
    closeHdf5Worker();
    await rm(dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  }
  const o = watcher.options;
  return {
    problem: `${LATENCY_SIZE}×${LATENCY_SIZE}, core-shell phantom (Co, S, O) as four .npy files, ${LATENCY_ITERATIONS} iterations, default parameters otherwise`,
    datasets: count, size: LATENCY_SIZE, elements: ['Co', 'S', 'O'], iterations: LATENCY_ITERATIONS,
    backend: done[0]?.backend ?? 'none',
    watcher: { settleMs: o.settleMs, stableChecks: o.stableChecks, stableIntervalMs: o.stableIntervalMs, usePolling: o.usePolling },
    latency: stats(samples),
    breakdownMedianMs: {
      wait: median(done.map((e) => e.waitMs)), read: median(done.map((e) => e.readMs)), queued: median(done.map((e) => e.queuedMs)),
      fuse: median(done.map((e) => e.fuseMs)), write: median(done.map((e) => e.writeMs)),
    },
    samplesMs: samples.map(round),
  };
}
