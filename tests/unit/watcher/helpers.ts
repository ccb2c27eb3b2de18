// Shared pieces of the watcher tests: small simulated acquisitions, a fake fast fusion, event waiting.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeNpy } from '../../../src/compute/io/index.js';
import { ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import type { FusionResult } from '../../../src/compute/solve/fuse.js';
import type { FusionInputs } from '../../../src/compute/solve/inputs.js';
import type { FusionParams } from '../../../src/compute/solve/params.js';
import type { AcquisitionWatcher, FuseDatasetOptions, WatcherEventName, WatcherEvents, WatcherOptions } from '../../../src/main/services/watcher/index.js';

export const S = 32;
export const N = S * S;

export const tempDir = (prefix = 'fusem-watch-'): Promise<string> => mkdtemp(path.join(tmpdir(), prefix));

/** Fast settings so a test's datasets go through in well under a second. */
export const FAST: Partial<WatcherOptions> = { settleMs: 150, stableChecks: 2, stableIntervalMs: 40, retryDelayMs: 60, readAttempts: 3 };

/** HAADF and Ga, O maps of a 32×32 Ga₂O₃-films phantom; `frames` stacks that many noisy frames (a frame-summed file). */
export function acquisition(seed: number, frames = 1): { haadf: Float32Array; Ga: Float32Array; O: Float32Array } {
  const ph = ga2o3Films({ width: S, height: S });
  const stack = (pick: (a: ReturnType<typeof simulateAcquisition>) => Float32Array): Float32Array => {
    const out = new Float32Array(frames * N);
    for (let f = 0; f < frames; f++) out.set(pick(simulateAcquisition(ph, { chemSnr: 4, haadfSnr: 20, seed: seed * 100 + f })).subarray(0, N), f * N);
    return out;
  };
  return {
    haadf: stack((a) => a.haadf),
    Ga: stack((a) => a.maps.subarray(0, N)),
    O: stack((a) => a.maps.subarray(N, 2 * N)),
  };
}

export function npyBytes(data: Float32Array, frames = 1): Uint8Array {
  return encodeNpy(data, frames > 1 ? [frames, S, S] : [S, S]);
}

/** Write `<stem>_HAADF.npy`, `<stem>_Ga.npy`, `<stem>_O.npy` into dir. */
export async function writeGroup(dir: string, stem: string, seed: number, frames = 1): Promise<string[]> {
  const a = acquisition(seed, frames);
  const files = [[`${stem}_HAADF.npy`, a.haadf], [`${stem}_Ga.npy`, a.Ga], [`${stem}_O.npy`, a.O]] as const;
  for (const [name, data] of files) await writeFile(path.join(dir, name), npyBytes(data, frames));
  return files.map(([name]) => path.join(dir, name));
}

export interface FakeCall { inputs: FusionInputs; params: FusionParams; warmStart: Float32Array[] | undefined }

/** A fast stand-in for the fusion: records its calls, returns maps = inputs × 0.5 (+ 1 per earlier call of that shape). */
export function fakeFuse(delayMs = 5): { calls: FakeCall[]; fuse: (inputs: FusionInputs, params: FusionParams, o: FuseDatasetOptions) => Promise<FusionResult> } {
  const calls: FakeCall[] = [];
  return {
    calls,
    fuse: async (inputs, params, o) => {
      calls.push({ inputs, params, warmStart: o.warmStart });
      const n = calls.length;
      for (let k = 1; k <= 3; k++) {
        o.onProgress?.({ record: { iteration: k, level: 'full', haadf: 1 / k, chem: 2 / k, tv: 3 / k, total: 6 / k, stepScale: 1, change: 0.1 / k, elapsedMs: k }, iterations: 3 });
        await new Promise((r) => setTimeout(r, delayMs));
      }
      return {
        elements: [...inputs.elements], width: inputs.width, height: inputs.height,
        maps: inputs.maps.map((m) => Float32Array.from(m, (v) => v * 0.5 + n)),
        units: 'counts', params: { ...params, stepHaadf: 1 }, weights: inputs.elements.map(() => 1), weighting: 'none',
        normalisation: { mode: 'counts', mapScale: [1], mapOffset: [0], haadfScale: 1, haadfOffset: 0 }, notes: [],
        history: [], iterationsRun: 3, stoppedBy: 'iterations', start: o.warmStart ? 'warm' : 'data', backend: 'fake', threads: 1, wallMs: 3 * delayMs,
      };
    },
  };
}

/** Every event of the watcher, in order. */
export function record(watcher: AcquisitionWatcher): { name: WatcherEventName; e: WatcherEvents[WatcherEventName] }[] {
  const log: { name: WatcherEventName; e: WatcherEvents[WatcherEventName] }[] = [];
  const names: WatcherEventName[] = ['dataset-detected', 'dataset-queued', 'fusion-started', 'fusion-done', 'dataset-failed', 'watcher-error'];
  for (const name of names) watcher.on(name, (e) => log.push({ name, e }));
  return log;
}

/** Resolves with the first event `name` that satisfies `pred`; rejects after `timeoutMs`. */
export function waitFor<K extends WatcherEventName>(watcher: AcquisitionWatcher, name: K, pred: (e: WatcherEvents[K]) => boolean = () => true, timeoutMs = 8_000): Promise<WatcherEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no ${name} event within ${timeoutMs} ms`)); }, timeoutMs);
    const off = watcher.on(name, (e) => { if (pred(e)) { clearTimeout(timer); off(); resolve(e); } });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
