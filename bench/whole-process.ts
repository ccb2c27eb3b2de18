// Bench section "process": the whole `fusem fuse` run, read → fused on disk, as a user starts it (a fresh
// `node bin/fusem.mjs fuse …` process on .npy files of a simulated n×n×3 acquisition), beside the kernel alone
// (CpuBackend.iterate() at the same size, same run).
// 1. Fixed λ (the defaults' starting λ given, so no λ search), K iterations exactly (--tolerance 0): the parent
//    timestamps every progress line (`--progress-every 1`): t₁ = first iteration done, t_K = last; per iteration =
//    (t_K − t₁)/(K − 1) (every iteration's cost terms, backtracking checks and HAADF refits included); fixed overhead
//    = total − K·per iteration (start-up, reading, the k-ratio estimate, normalisation, setup, writing). Peak memory:
//    the child's maximum resident set (/usr/bin/time -v where present, else none), per pixel of the HAADF.
// 2. At sizes ≤ 512 (issue 10): `fusem fuse` with no parameters (λ chosen from the data, then fused to the
//    tolerance) against `fusem fuse` with the λ it chose given, to the same tolerance: the whole-process ratio.
// 3. Node's own start (`node -e 0`, timed the same way, between the runs): the fixed overhead is also given without it.
// 4. With --process-baseline DIR (another checkout of fusem, built): its bin/fusem.mjs runs the same fixed-λ fusion
//    alternately with this one, so a before/after comparison sees the same load.
// Medians of `repeats` runs; the runs of a size alternate, so load drifts hit both sides of a ratio alike.

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

/** The λ the fixed-λ runs give: DEFAULT_PARAMS' (the λ search's starting point). */
const FIXED_LAMBDA = { tv: 0.01, chem: 0.03 };
/** The default-vs-fixed comparison runs at sizes up to this (each run fuses to the tolerance). */
const DEFAULT_RATIO_MAX_SIZE = 512;

/** One `fusem fuse` to the tolerance: wall time, and what it chose and ran. */
export interface ToleranceRun {
  totalMs: number;
  iterations: number;
  lambdaTV: number;
  lambdaChem: number;
}

/** Issue 10 in the whole process: the default run (λ search included) ÷ one run with the chosen λ given. */
export interface DefaultVsFixed {
  /** Medians over the runs. */
  defaultMs: number;
  fixedMs: number;
  ratio: number;
  chosen: { lambdaTV: number; lambdaChem: number };
  defaultIterations: number;
  fixedIterations: number;
  runs: { default: ToleranceRun; fixed: ToleranceRun }[];
}

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
  /** CpuBackend.step() alone (iterate() and the cost terms F at its result, which every iteration of the solver needs), same run (median). */
  kernelStepMsPerIter: number;
  /** msPerIter / kernelStepMsPerIter: what the run adds to its kernel and the cost terms. */
  ratioToKernelStep: number;
  runs: ProcessRun[];
  /** Sizes ≤ 512: the default run against the fixed-λ run, both to the tolerance. */
  defaultVsFixed?: DefaultVsFixed;
  /** `node -e 0`, started and timed as the runs are, between them (median): the part of fixedMs that is Node's own start. */
  nodeStartMs: number;
  /** fixedMs − nodeStartMs: the fixed overhead fusem itself adds. */
  fixedMsAfterNodeStart: number;
  /** With --process-baseline: the same runs of the baseline checkout, alternating with these (medians and runs). */
  baseline?: { root: string; totalMs: number; firstIterationMs: number; msPerIter: number; fixedMs: number; peakRssMiB: number | null; runs: ProcessRun[] };
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

/** One `fusem fuse` process: wall time, progress-line times, peak RSS (fixed λ, exactly `iterations`). */
function runOnce(inputArgs: string[], out: string, iterations: number, fusem = FUSEM): Promise<ProcessRun> {
  const fuseArgs = [
    fusem, 'fuse', ...inputArgs, '--out', out, '--overwrite', '--lambda-tv', String(FIXED_LAMBDA.tv), '--lambda-chem', String(FIXED_LAMBDA.chem),
    '--iters', String(iterations), '--tolerance', '0', '--progress-every', '1',
  ];
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

/** Wall time of `node -e 0`, spawned as runOnce spawns fusem (Node's own start and exit). */
function nodeStartOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', '0'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(round(performance.now() - started)) : reject(new Error(`node -e 0 exited ${code}`))));
  });
}

/** One `fusem fuse` to the tolerance with `extra` flags (none: fusem's defaults); parses the summary line. */
function runToTolerance(inputArgs: string[], out: string, extra: string[]): Promise<ToleranceRun> {
  const fuseArgs = [FUSEM, 'fuse', ...inputArgs, '--out', out, '--overwrite', '--progress-every', '1000000', ...extra];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, fuseArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', err = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (c: string) => (stdout += c));
    child.stderr.on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const totalMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`fusem fuse exited ${code}: ${err.slice(-800)}`));
      const m = /, (\d+) iterations \(.*λ_TV ([\d.e+-]+), λ_chem ([\d.e+-]+)/.exec(stdout);
      if (!m) return reject(new Error(`no summary line in: ${stdout.slice(-400)}`));
      resolve({ totalMs: round(totalMs), iterations: Number(m[1]), lambdaTV: Number(m[2]), lambdaChem: Number(m[3]) });
    });
  });
}

async function defaultVsFixed(inputArgs: string[], out: string, size: number, repeats: number): Promise<DefaultVsFixed> {
  const runs: DefaultVsFixed['runs'] = [];
  for (let r = 0; r < repeats; r++) {
    progress(`process ${size}²×${ELEMENTS}: fusem fuse with the defaults (λ search + fusion to the tolerance), run ${r + 1}/${repeats}…`);
    const d = await runToTolerance(inputArgs, out, []);
    progress(`process ${size}²×${ELEMENTS}: the same with --lambda-tv ${d.lambdaTV} --lambda-chem ${d.lambdaChem} given…`);
    const f = await runToTolerance(inputArgs, out, ['--lambda-tv', String(d.lambdaTV), '--lambda-chem', String(d.lambdaChem)]);
    progress(`  default ${d.totalMs} ms (${d.iterations} iterations) / fixed ${f.totalMs} ms (${f.iterations} iterations) = ${round(d.totalMs / f.totalMs, 2)}×`);
    runs.push({ default: d, fixed: f });
  }
  const defaultMs = median(runs.map((r) => r.default.totalMs)), fixedMs = median(runs.map((r) => r.fixed.totalMs));
  const first = runs[0]!.default;
  return {
    defaultMs, fixedMs, ratio: round(defaultMs / fixedMs, 2), chosen: { lambdaTV: first.lambdaTV, lambdaChem: first.lambdaChem },
    defaultIterations: median(runs.map((r) => r.default.iterations)), fixedIterations: median(runs.map((r) => r.fixed.iterations)), runs,
  };
}

/** The kernel alone at `size`: iterate() (the gradient step and the FGP) and step() (the same with the cost terms F at the result, which the solver compares every iteration), medians. */
async function kernelMsPerIter(size: number, repeats: number): Promise<{ iterate: number; step: number }> {
  const backend = new CpuBackend({ threads: availableParallelism() });
  try {
    const problem = syntheticProblem(size, size, ELEMENTS, TV_ITERATIONS);
    const iterate = median(await iterationTimes(backend, { ...problem, x: problem.x.slice() }, repeats));
    const steps: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      await backend.step!();
      steps.push(performance.now() - t0);
    }
    return { iterate, step: median(steps) };
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
      const runs: ProcessRun[] = [], baselineRuns: ProcessRun[] = [], nodeStarts: number[] = [];
      const baselineFusem = options.processBaseline ? path.join(path.resolve(options.processBaseline), 'bin', 'fusem.mjs') : null;
      for (let r = 0; r < repeats; r++) {
        progress(`process ${size}²×${ELEMENTS}: fusem fuse, λ given, ${iterations} iterations, run ${r + 1}/${repeats}…`);
        const run = await runOnce(inputArgs, path.join(dir, 'out'), iterations);
        progress(`  ${run.totalMs} ms total, first iteration at ${run.firstIterationMs} ms, ${run.msPerIter} ms/iter, fixed ${run.fixedMs} ms, peak ${run.peakRssMiB} MiB`);
        runs.push(run);
        nodeStarts.push(await nodeStartOnce());
        progress(`  node -e 0: ${nodeStarts.at(-1)} ms`);
        if (baselineFusem) {
          const base = await runOnce(inputArgs, path.join(dir, 'out'), iterations, baselineFusem);
          progress(`  baseline ${options.processBaseline}: ${base.totalMs} ms total, first iteration at ${base.firstIterationMs} ms, ${base.msPerIter} ms/iter, fixed ${base.fixedMs} ms, peak ${base.peakRssMiB} MiB`);
          baselineRuns.push(base);
        }
      }
      const vsFixed = size <= DEFAULT_RATIO_MAX_SIZE ? await defaultVsFixed(inputArgs, path.join(dir, 'out'), size, repeats) : undefined;
      const kernel = await kernelMsPerIter(size, size <= 1024 ? 9 : 5);
      progress(`  kernel ${round(kernel.iterate, 2)} ms/iter, with the cost terms ${round(kernel.step, 2)} ms`);
      const per = median(runs.map((r) => r.msPerIter));
      const peaks = runs.map((r) => r.peakRssMiB).filter((v): v is number => v !== null);
      const peak = peaks.length ? median(peaks) : null;
      const fixedMs = median(runs.map((r) => r.fixedMs)), nodeStartMs = median(nodeStarts);
      const basePeaks = baselineRuns.map((r) => r.peakRssMiB).filter((v): v is number => v !== null);
      sizes.push({
        size, elements: ELEMENTS, iterations, repeats,
        totalMs: median(runs.map((r) => r.totalMs)), firstIterationMs: median(runs.map((r) => r.firstIterationMs)),
        msPerIter: per, fixedMs,
        peakRssMiB: peak, bytesPerPixel: peak === null ? null : round((peak * 2 ** 20) / (size * size)),
        kernelMsPerIter: round(kernel.iterate, 2), ratioToKernel: round(per / kernel.iterate, 2),
        kernelStepMsPerIter: round(kernel.step, 2), ratioToKernelStep: round(per / kernel.step, 2), runs,
        ...(vsFixed ? { defaultVsFixed: vsFixed } : {}),
        nodeStartMs, fixedMsAfterNodeStart: round(fixedMs - nodeStartMs),
        ...(baselineRuns.length ? {
          baseline: {
            root: path.resolve(options.processBaseline!), totalMs: median(baselineRuns.map((r) => r.totalMs)), firstIterationMs: median(baselineRuns.map((r) => r.firstIterationMs)),
            msPerIter: median(baselineRuns.map((r) => r.msPerIter)), fixedMs: median(baselineRuns.map((r) => r.fixedMs)), peakRssMiB: basePeaks.length ? median(basePeaks) : null, runs: baselineRuns,
          },
        } : {}),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return {
    command: `node bin/fusem.mjs fuse --haadf HAADF.npy --map Co=… --map S=… --map O=… --out DIR --overwrite --lambda-tv ${FIXED_LAMBDA.tv} --lambda-chem ${FIXED_LAMBDA.chem} --iters K --tolerance 0 --progress-every 1 (default parameters otherwise); defaultVsFixed (sizes ≤ ${DEFAULT_RATIO_MAX_SIZE}): the same with no parameters, against --lambda-tv/--lambda-chem of the λ it chose`,
    problem: `core–shell phantom (Co, S, O), chemical SNR 3, HAADF SNR 20, .npy inputs; kernel: CpuBackend×${availableParallelism()} iterate() on calibrate.ts syntheticProblem, ${TV_ITERATIONS} TV iterations`,
    sizes,
  };
}
