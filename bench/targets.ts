// The targets, judged in the same run: the kernel section's at 512²×3, 10 TV iterations (≤ 25 ms per outer
// iteration, ≥ 3× the straightforward single-threaded TypeScript reference, product default on all threads) and
// the whole-process section's (issue 15: per iteration ≤ 1.3× the kernel's at 512² and 2048², fixed overhead
// ≤ 150 ms at 512²; at 4096² the first iteration within 2 s of start and a peak ≤ 120 B/pixel).

import { availableParallelism } from 'node:os';
import type { KernelsReport } from './kernels.js';
import type { ProcessReport } from './whole-process.js';
import type { DefaultsReport } from './defaults.js';

export interface Targets {
  /** The path the kernel targets are judged on. */
  path: string;
  msPerIter512: number | null;
  target: number;
  met: boolean | null;
  speedup512: number | null;
  targetSpeedup: number;
  speedupMet: boolean | null;
  /** Whole process ÷ kernel, per iteration, by size (target ≤ 1.3 at 512² and 2048²). */
  processRatio: Record<string, number>;
  processRatioTarget: number;
  processRatioMet: boolean | null;
  /** Whole process ÷ the kernel with its cost terms (step()), per iteration, by size: the run's own overhead. */
  processRatioToStep: Record<string, number>;
  fixedMs512: number | null;
  /** fixedMs512 less Node's own start (`node -e 0`, same run). */
  fixedMs512AfterNodeStart: number | null;
  fixedMsTarget: number;
  fixedMet: boolean | null;
  firstIterationMs4096: number | null;
  firstIterationTargetMs: number;
  firstIterationMet: boolean | null;
  bytesPerPixel4096: number | null;
  bytesPerPixelTarget: number;
  bytesPerPixelMet: boolean | null;
  /** Issue 10: default fusion (λ search included) ÷ one fixed-λ fusion to the same tolerance, in-process, by size (target ≤ 2 at 256² and 512²). */
  defaultRatio: Record<string, number>;
  /** The same ratio for the whole `fusem fuse` process (read → fused on disk), by size. */
  defaultRatioProcess: Record<string, number>;
  defaultRatioTarget: number;
  defaultRatioMet: boolean | null;
}

export function targets(kernels: KernelsReport | undefined, process: ProcessReport | undefined, defaults?: DefaultsReport): Targets {
  const path = `cpu-wasm×${availableParallelism()}`;
  const at512 = kernels?.sizes.find((s) => s.size === 512)?.paths.find((p) => p.path === path);
  const size = (n: number) => process?.sizes.find((s) => s.size === n);
  const processRatio: Record<string, number> = {};
  const processRatioToStep: Record<string, number> = {};
  for (const s of process?.sizes ?? []) { processRatio[String(s.size)] = s.ratioToKernel; processRatioToStep[String(s.size)] = s.ratioToKernelStep; }
  const judged = [512, 2048].map(size).filter((s) => s !== undefined);
  const p512 = size(512), p4096 = size(4096);
  const defaultRatio: Record<string, number> = {}, defaultRatioProcess: Record<string, number> = {};
  for (const d of defaults?.sizes ?? []) defaultRatio[String(d.size)] = Math.round(d.ratio * 100) / 100;
  for (const s of process?.sizes ?? []) if (s.defaultVsFixed) defaultRatioProcess[String(s.size)] = s.defaultVsFixed.ratio;
  const ratios = [...Object.values(defaultRatio), ...Object.values(defaultRatioProcess)];
  return {
    path,
    msPerIter512: at512?.msPerIter ?? null,
    target: 25,
    met: at512 ? at512.msPerIter <= 25 : null,
    speedup512: at512?.speedupVsReference ?? null,
    targetSpeedup: 3,
    speedupMet: at512 ? at512.speedupVsReference >= 3 : null,
    processRatio,
    processRatioTarget: 1.3,
    processRatioMet: judged.length ? judged.every((s) => s.ratioToKernel <= 1.3) : null,
    processRatioToStep,
    fixedMs512: p512?.fixedMs ?? null,
    fixedMs512AfterNodeStart: p512?.fixedMsAfterNodeStart ?? null,
    fixedMsTarget: 150,
    fixedMet: p512 ? p512.fixedMs <= 150 : null,
    firstIterationMs4096: p4096?.firstIterationMs ?? null,
    firstIterationTargetMs: 2000,
    firstIterationMet: p4096 ? p4096.firstIterationMs <= 2000 : null,
    bytesPerPixel4096: p4096?.bytesPerPixel ?? null,
    bytesPerPixelTarget: 120,
    bytesPerPixelMet: p4096?.bytesPerPixel != null ? p4096.bytesPerPixel <= 120 : null,
    defaultRatio,
    defaultRatioProcess,
    defaultRatioTarget: 2,
    defaultRatioMet: ratios.length ? ratios.every((r) => r <= 2) : null,
  };
}
