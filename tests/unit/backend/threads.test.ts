// The CPU backend's thread plumbing: row bands, and worker threads that never keep the process alive.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { band } from '../../../src/compute/backend/cpu/plan-init.js';
import { abortAll, arriveAndWait, BarrierAborted, CONTROL } from '../../../src/compute/backend/cpu/barrier.js';

describe('band', () => {
  it('splits the rows into contiguous bands that cover each row once, even with more threads than rows', () => {
    for (const [threads, height] of [[1, 7], [2, 7], [3, 512], [5, 3], [4, 1]] as const) {
      let next = 0;
      for (let t = 0; t < threads; t++) {
        const [y0, y1] = band(t, threads, height);
        expect(y0).toBe(next);
        expect(y1 - y0).toBeGreaterThanOrEqual(Math.floor(height / threads));
        expect(y1 - y0).toBeLessThanOrEqual(Math.ceil(height / threads));
        next = y1;
      }
      expect(next).toBe(height);
    }
  });
});

describe('arriveAndWait', () => {
  it('passes at once for a single party and counts arrivals otherwise', () => {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
    arriveAndWait(control, 1);
    Atomics.store(control, CONTROL.count, 2); // two others already waiting
    arriveAndWait(control, 3); // the last arrival releases the barrier
    expect(Atomics.load(control, CONTROL.count)).toBe(0);
    expect(Atomics.load(control, CONTROL.generation)).toBe(1);
  });

  it('gives up with BarrierAborted instead of hanging when another thread failed', () => {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
    abortAll(control);
    expect(() => arriveAndWait(control, 2)).toThrow(BarrierAborted);
  });
});

describe('CpuBackend workers', () => {
  it('let a process exit without dispose() (workers are unref’d)', () => {
    const backend = fileURLToPath(new URL('../../../src/compute/node/cpu/cpu-backend.ts', import.meta.url));
    const problems = fileURLToPath(new URL('./problems.ts', import.meta.url));
    const script = `
      const { CpuBackend } = await import(${JSON.stringify(backend)});
      const { randomProblem } = await import(${JSON.stringify(problems)});
      const b = new CpuBackend({ threads: 3 });
      await b.setup(randomProblem({ width: 20, height: 20, elements: 2, gamma: 1.7, dataTerm: 'poisson', lambdaTV: 0.1 }));
      await b.iterate();
      console.log('iterated', b.name);`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.error).toBeUndefined(); // a timeout would be reported here
    expect(run.stdout).toContain('iterated cpu×3');
    expect(run.status).toBe(0);
  });
});
