// Bench section "process": the whole `fusem fuse` run, read → fused on disk, as a user starts it (a fresh
// `node bin/fusem.mjs fuse …` process on .npy files of a simulated n×n×3 acquisition), beside the kernel alone
// (CpuBackend.iterate() at the same size, same run). The parent timestamps every progress line
// (`--progress-every 1`): t₁ = first iteration done, t_K = last; per iteration = (t_K − t₁)/(K − 1) (every
// iteration's cost terms, backtracking checks and HAADF refits included); fixed overhead = total − K·per
// iteration (start-up, reading, setup, writing). Peak memory: the child's maximum resident set (/usr/bin/time -v
// where present, else none), per pixel of the HAADF. Medians of `repeats` runs.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CpuBackend } from '../src/compute/node/cpu/cpu-backend.js';
import { iterationTimes, syntheticProblem } from '../src/compute/backend/calibrate.js';
import { encodeNpy } from '../src/compute/io/index.js';
import { coreShell, simulateAcquisition } from '../src/compute/simulate/index.js';
import { progress, type BenchOptions } from './options.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FUSEM = path.join(ROOT, 'bin', 'fusem.mjs');
const TIME = '/usr/bin/time';
const ELEMENTS = 3;
const TV_ITERATIONS = 10; // DEFAULT_PARAMS.tvIterations, as the kernel section

export interface ProcessRun {
  totalMs: number;
  firstIterationMs: number;
  msPerIter: number;
  fixedMs: number;
  peakRssMiB: number | null;
}

export interface ProcessSize {
  size: number;
  elements: number;
  iterations: number;
  repeats: number;
  /** Medians over the runs. */
  totalMs: number;
  /** Process start → first iteration's progress line. */
  firstIterationMs: number;
  msPerIter: number;
  fixedMs: number;
  peakRssMiB: number | null;
  bytesPerPixel: number | null;
  /** CpuBackend.iterate() alone, all threads, same size, same run (median). */
  kernelMsPerIter: number;
  /** msPerIter / kernelMsPerIter: 1 would be a run as fast as its kernel. */
  ratioToKernel: number;
  runs: ProcessRun[];
}

export interface ProcessReport {
  command: string;
  problem: string;
  sizes: ProcessSize[];
}

const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** HAADF.npy and <El>.npy of a simulated core–shell acquisition in `dir`. */
async function writeDataset(dir: string, size: number): Promise<string[]> {
  const n = size * size;
  const ph = coreShell({ width: size, height: size, seed: 7 });
  const acq = simulateAcquisition(ph, { chemSnr: 3, haadfSnr: 20, seed: 7 });
  const shape = [size, size];
  await writeFile(path.join(dir, 'HAADF.npy'), encodeNpy(acq.haadf, shape));
  const args = ['--haadf', path.join(dir, 'HAADF.npy')];
  for (const [i, el] of ph.elements.entries()) {
    await writeFile(path.join(dir, `${el}.npy`), encodeNpy(acq.maps.subarray(i * n, (i + 1) * n), shape));
    args.push('--map', `${el}=${path.join(dir, `${el}.npy`)}`);
  }
  return args;
}

/** One `fusem fuse` process: wall time, progress-line times, peak RSS. */
function runOnce(inputArgs: string[], out: string, iterations: number): Promise<ProcessRun> {
  const fuseArgs = [FUSEM, 'fuse', ...inputArgs, '--out', out, '--overwrite', '--iters', String(iterations), '--progress-every', '1'];
  const timed = existsSync(TIME);
  const [cmd, args] = timed ? [TIME, ['-v', process.execPath, ...fuseArgs]] : [process.execPath, fuseArgs];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    const lines: number[] = [];
    let err = '';
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const now = performance.now() - started;
      err += chunk;
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const line of parts) if (/^iteration \d+\//.test(line)) lines.push(now);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const totalMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`fusem fuse exited ${code}: ${err.slice(-800)}`));
      if (lines.length !== iterations) return reject(new Error(`expected ${iterations} progress lines, got ${lines.length}`));
      const msPerIter = (lines.at(-1)! - lines[0]!) / (iterations - 1);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      resolve({
        totalMs: round(totalMs), firstIterationMs: round(lines[0]!), msPerIter: round(msPerIter, 2),
        fixedMs: round(totalMs - iterations * msPerIter), peakRssMiB: rss ? round(Number(rss[1]) / 1024) : null,
      });
    });
  });
}

async function kernelMsPerIter(size: number, repeats: number): Promise<number> {
  const backend = new CpuBackend({ threads: availableParallelism() });
  try {
    return median(await iterationTimes(backend, syntheticProblem(size, size, ELEMENTS, TV_ITERATIONS), repeats));
  } finally {
    await backend.dispose();
  }
}

export async function processSection(options: BenchOptions): Promise<ProcessReport> {
  if (!existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'))) throw new Error('the process section runs lib/: npm run build:node first');
  const repeats = options.quick ? 1 : 3;
  const sizes: ProcessSize[] = [];
  for (const size of options.processSizes) {
    const dir = await mkdtemp(path.join(tmpdir(), 'fusem-bench-process-'));
    try {
      const iterations = size <= 1024 ? 30 : size <= 2048 ? 15 : 8;
      const inputArgs = await writeDataset(dir, size);
      const runs: ProcessRun[] = [];
      for (let r = 0; r < repeats; r++) {
        progress(`process ${size}²×${ELEMENTS}: fusem fuse, ${iterations} iterations, run ${r + 1}/${repeats}…`);
        const run = await runOnce(inputArgs, path.join(dir, 'out'), iterations);
        progress(`  ${run.totalMs} ms total, first iteration at ${run.firstIterationMs} ms, ${run.msPerIter} ms/iter, fixed ${run.fixedMs} ms, peak ${run.peakRssMiB} MiB`);
        runs.push(run);
      }
      const kernel = await kernelMsPerIter(size, size <= 1024 ? 9 : 5);
      progress(`  kernel ${round(kernel, 2)} ms/iter`);
      const per = median(runs.map((r) => r.msPerIter));
      const peaks = runs.map((r) => r.peakRssMiB).filter((v): v is number => v !== null);
      const peak = peaks.length ? median(peaks) : null;
      sizes.push({
        size, elements: ELEMENTS, iterations, repeats,
        totalMs: median(runs.map((r) => r.totalMs)), firstIterationMs: median(runs.map((r) => r.firstIterationMs)),
        msPerIter: per, fixedMs: median(runs.map((r) => r.fixedMs)),
        peakRssMiB: peak, bytesPerPixel: peak === null ? null : round((peak * 2 ** 20) / (size * size)),
        kernelMsPerIter: round(kernel, 2), ratioToKernel: round(per / kernel, 2), runs,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return {
    command: 'node bin/fusem.mjs fuse --haadf HAADF.npy --map Co=… --map S=… --map O=… --out DIR --overwrite --iters K --progress-every 1 (default parameters otherwise)',
    problem: `core–shell phantom (Co, S, O), chemical SNR 3, HAADF SNR 20, .npy inputs; kernel: CpuBackend×${availableParallelism()} iterate() on calibrate.ts syntheticProblem, ${TV_ITERATIONS} TV iterations`,
    sizes,
  };
}
