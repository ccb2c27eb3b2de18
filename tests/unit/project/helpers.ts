// Shared fixtures for the project-service tests.

import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FusionResult } from '../../../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS } from '../../../src/compute/solve/params.js';

export const tempDir = (prefix = 'fusem-project-'): Promise<string> => mkdtemp(path.join(tmpdir(), prefix));

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A small, made-up FusionResult (2 elements, 3×4). */
export function fakeResult(backend = 'cpu-wasm'): FusionResult {
  const w = 4, h = 3;
  const map = (k: number) => Float32Array.from({ length: w * h }, (_, i) => k + i / 10);
  return {
    elements: ['Co', 'Mn'], width: w, height: h, maps: [map(1), map(2)], units: 'counts',
    params: { ...DEFAULT_PARAMS, stepHaadf: 0.25 }, weights: [1.2, 0.8], weighting: 'paper (Z^γ)',
    normalisation: { mode: 'counts', mapScale: [1, 1], mapOffset: [0, 0], haadfScale: 2, haadfOffset: 0.5 }, notes: [],
    history: [], iterationsRun: 60, stoppedBy: 'iterations', start: 'data', backend, threads: 2, wallMs: 123.5,
  };
}

/** Write a few input files into `dir`; returns their paths. */
export async function inputFiles(dir: string, names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const [i, n] of names.entries()) {
    const f = path.join(dir, n);
    await writeFile(f, `input ${i} ${n}\n`.repeat(10 + i));
    out.push(f);
  }
  return out;
}

export interface ChildRun { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Run a fixture script in another Node process through tsx. */
export function runFixture(script: string, args: string[], timeoutMs = 20_000): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURES, script), ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
  });
}

/** A pid that is not a running process (searched downward from a high number). */
export function deadPid(): number {
  for (let pid = 4_000_000; pid > 100_000; pid -= 7919) {
    try { process.kill(pid, 0); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ESRCH') return pid; }
  }
  throw new Error('no free pid found');
}
