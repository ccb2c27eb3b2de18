// The bounded, seeded fuzz test of issue 14, in CI: ~450 mutants of every sample format (npy, npz, TIFF, DM3, DM4,
// HSPY, EMD Berkeley, Velox EMD, HDF5) and hostile but well-formed files (decompression bombs, impossible sizes,
// damaged DM tags) through `fusem info`, then ~350 malformed and hostile-but-valid API messages through a real
// server. Every reader case exits 0 or 2, every request gets a reply (ok, or a clean error that is not `internal`)
// within 10 s, every message is at most 300 characters, nothing outside the project changes, and the whole run
// peaks under 1 GB. It runs in a child process so that its peak memory is its own.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../project/helpers.js';
import { DATA, FIXTURES } from '../io/paths.js';

interface FuzzReport {
  readerCases: number; apiCases: number; codes: Record<string, number>; maxMs: number; maxMessage: number; maxRssBytes: number;
  findings: { what: string; detail: string }[];
}

function runDriver(): Promise<FuzzReport> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'tests/unit/safety/fixtures/fuzz-driver.ts'), DATA, FIXTURES], {
      cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FUSEM_MAX_DECODED_BYTES: String(96 * 1024 ** 2) },
    });
    let out = '', err = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) { fail(new Error(`the fuzz driver ended with ${code ?? signal}: ${err.slice(-2000)}`)); return; }
      ok(JSON.parse(line) as FuzzReport);
    });
  });
}

describe('bounded fuzz (seeded)', () => {
  it('readers and the API: exits 0/2, clean replies within 10 s, messages ≤ 300 characters, under 1 GB', async () => {
    const report = await runDriver();
    expect(report.findings).toEqual([]);
    expect(report.readerCases).toBeGreaterThanOrEqual(400);
    expect(report.apiCases).toBeGreaterThanOrEqual(300);
    expect(Object.keys(report.codes).sort()).toEqual(['0', '2']); // both outcomes reached: the mutants do reach the parsers
    expect(report.codes['2']!).toBeGreaterThan(report.readerCases / 4);
    expect(report.maxMs).toBeLessThan(10_000);
    expect(report.maxMessage).toBeLessThanOrEqual(300);
    expect(report.maxRssBytes).toBeLessThan(1024 ** 3);
  }, 300_000);
});
