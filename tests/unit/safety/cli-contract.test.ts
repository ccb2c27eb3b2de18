// The command line's side of issue 14. Before it: `fuse --overwrite` deleted any folder (`--out v` with v/notes.txt
// and v/sub/, and `--out ""`, which resolved to the working folder); "output exists" was checked only after the whole
// fusion; `--out /proc/nonexist/sub` ran forever; `--step 1e30`, `--backend gpu` without a GPU, `--out /proc/x` and
// `--out /dev/null/x` exited 1 with a stack trace; maps of 3e38 wrote NaN/∞ maps and `--lambda-chem 1e4` all-zero
// maps, both with exit 0.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readImage, writeNpy } from '../../../src/compute/io/index.js';
import { gpuMode } from '../../../src/compute/node/select-backend.js';
import { coreShell, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { fusedResultProblem } from '../../../src/compute/solve/result-check.js';
import { runCli, tempDir } from '../cli/cli-helpers.js';

const S = 40;
let dir: string;
let inputs: string[];

beforeAll(async () => {
  dir = await tempDir('fusem-contract-');
  const ph = coreShell({ width: S, height: S, seed: 4 });
  const acq = simulateAcquisition(ph, { chemSnr: 3, haadfSnr: 20, seed: 4 });
  await writeNpy(path.join(dir, 'haadf.npy'), acq.haadf, [S, S]);
  inputs = ['--haadf', path.join(dir, 'haadf.npy')];
  for (const [i, el] of ph.elements.entries()) {
    const map = acq.maps.subarray(i * S * S, (i + 1) * S * S);
    await writeNpy(path.join(dir, `${el}.npy`), map, [S, S]);
    await writeNpy(path.join(dir, `huge_${el}.npy`), Float32Array.from(map, (v) => (v > 0 ? 3e38 : 1e38)), [S, S]);
    await writeNpy(path.join(dir, `rescaled_${el}.npy`), Float32Array.from(map, (v) => (v > 0 ? 3e38 : 1e38) * 1e-36), [S, S]);
    inputs.push('--map', `${el}=${path.join(dir, `${el}.npy`)}`);
  }
});

const fuse = (...extra: string[]) => runCli(['fuse', ...inputs, '--iters', '3', '--quiet', ...extra]);

/** One line on stderr, exit 2, no stack trace. */
function badInput(r: Awaited<ReturnType<typeof runCli>>, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toMatch(pattern);
  expect(r.err[0]).not.toMatch(/internal error|\n\s+at /);
  expect(r.err[0]!.length).toBeLessThanOrEqual(300);
}

describe('--overwrite', () => {
  it('refuses a folder that is not a fusem result, leaving its files and subfolders intact', async () => {
    const v = path.join(dir, 'v');
    mkdirSync(path.join(v, 'sub'), { recursive: true });
    writeFileSync(path.join(v, 'notes.txt'), 'x');
    writeFileSync(path.join(v, 'sub', 'deep.txt'), 'y');
    badInput(await fuse('--out', v, '--overwrite'), /v: is not a fusem result \(it has no fusem report\.json\); --overwrite replaces only a folder fusem wrote/);
    expect(readdirSync(v).sort()).toEqual(['notes.txt', 'sub']);
    expect(readFileSync(path.join(v, 'sub', 'deep.txt'), 'utf8')).toBe('y');
  });

  it('refuses an empty --out and the working folder, whatever is in them', async () => {
    const before = readdirSync('.').sort();
    badInput(await fuse('--out', '', '--overwrite'), /the output folder "": is empty: name a folder/);
    badInput(await fuse('--out', '.', '--overwrite'), /is the current folder itself/);
    badInput(await fuse('--out', '/', '--overwrite'), /root of a filesystem/);
    expect(readdirSync('.').sort()).toEqual(before);
  });

  it('replaces a fusem result, but not one the user added a file to; the replaced one leaves no sibling behind', async () => {
    const out = path.join(dir, 'res');
    expect((await fuse('--out', out)).code).toBe(0);
    const first = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { created: string };
    writeFileSync(path.join(out, 'my-notes.txt'), 'mine');
    badInput(await fuse('--out', out, '--overwrite'), /not a fusem result \(it holds a file fusem did not write \(my-notes\.txt\)\)/);
    expect(readFileSync(path.join(out, 'my-notes.txt'), 'utf8')).toBe('mine');
    const { rmSync } = await import('node:fs');
    rmSync(path.join(out, 'my-notes.txt'));
    expect((await fuse('--out', out, '--overwrite')).code).toBe(0); // the remedy the message names
    expect(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')).created).not.toBe(first.created);
    expect(readdirSync(dir).filter((n) => n.startsWith('res.'))).toEqual([]);
  });

  it('checks that the output exists before the fusion runs', async () => {
    const out = path.join(dir, 'taken');
    mkdirSync(out);
    writeFileSync(path.join(out, 'a.txt'), 'a');
    const t0 = Date.now();
    const r = await runCli(['fuse', ...inputs, '--iters', '100000', '--out', out]); // would take many minutes
    expect(Date.now() - t0).toBeLessThan(10_000);
    badInput(r, /exists and is not empty; choose another --out or pass --overwrite/);
  });
});

describe('paths that are devices or pseudo-files', () => {
  it.each(['/proc/nonexist/sub', '/proc/x', '/dev/null/x', '/sys/fusem'])('--out %s exits 2 within 1 s', async (out) => {
    const t0 = Date.now();
    const r = await fuse('--out', out);
    expect(Date.now() - t0).toBeLessThan(1000);
    badInput(r, /devices or kernel pseudo-files/);
  });
});

describe('contract breaks are bad input, not internal errors', () => {
  it('refuses out-of-range and malformed numbers with one line', async () => {
    const out = path.join(dir, 'never');
    badInput(await fuse('--step', '1e30', '--out', out), /step must be ≤ 100 \(got 1e\+30\)/);
    badInput(await fuse('--lambda-tv', '1e300', '--out', out), /lambda-tv must be ≤ 100/);
    badInput(await fuse('--lambda-chem', '1e308', '--out', out), /lambda-chem must be ≤ 10000/);
    badInput(await fuse('--gamma', '0x2', '--out', out), /--gamma must be a number \(got "0x2"\)/);
    badInput(await fuse('--threads', '100000', '--out', out), /--threads must be an integer from 1 to \d+ \(got 100000\)/);
    expect(existsSync(out)).toBe(false);
  });

  it('--backend gpu without a GPU exits 2 with one line', async () => {
    if (await gpuMode()) return; // a GPU here: nothing to refuse
    badInput(await fuse('--backend', 'gpu', '--out', path.join(dir, 'gpu')), /--backend gpu: no GPU here.*--backend cpu/);
    expect((await fuse('--backend', 'cpu', '--out', path.join(dir, 'gpu'))).code).toBe(0); // the remedy
  });
});

describe('non-finite and degenerate results are errors', () => {
  it('maps near float32’s limit fuse to finite maps with the composition of the same maps × 1e-36 (units do not matter)', async () => {
    // Before issue 10's unit-free parameters these gave NaN/∞ maps (exit 2 since issue 14); the thinning of counts
    // of 3e38 then hung (binomialHalf drew n/32 words). The non-finite guard itself: fusedResultProblem below.
    const huge = ['--haadf', path.join(dir, 'haadf.npy'), ...['Co', 'O', 'S'].flatMap((el) => ['--map', `${el}=${path.join(dir, `huge_${el}.npy`)}`])];
    const composition = async (args: string[], out: string): Promise<number[]> => {
      const r = await runCli(['fuse', ...args, '--iters', '3', '--quiet', '--out', out]);
      expect(r.code, r.err.join('\n')).toBe(0);
      for (const el of ['Co', 'O', 'S']) {
        const m = (await readImage(path.join(out, `fused_${el}.npy`))).data;
        expect(m.every(Number.isFinite)).toBe(true);
      }
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
      return report.stoichiometry.composition.map((c: { mean: number }) => c.mean);
    };
    const big = await composition(huge, path.join(dir, 'huge'));
    const small = await composition(huge.map((a) => a.replace('huge_', 'rescaled_')), path.join(dir, 'rescaled'));
    for (const [i, c] of big.entries()) expect(Math.abs(c - small[i]!)).toBeLessThan(0.01);
  });

  it('an all-zero map where the input has counts: exit 2; the defaults fuse', async () => {
    const out = path.join(dir, 'flat');
    // λ_chem is unit-free since issue 10, so only the authors' min–max scaling with the plain loop still flattens a map
    const flat = ['--normalise', 'reference', '--solver', 'plain', '--lambda-tv', '0.022', '--lambda-chem', '10000'];
    badInput(await fuse(...flat, '--iters', '5', '--out', out), /the fused \w+ map is all zero although its input is not: λ_TV or λ_chem is too large.*try the defaults/);
    expect(existsSync(out)).toBe(false);
    expect((await fuse('--iters', '5', '--out', out)).code).toBe(0);
  });

  it('fusedResultProblem: finite, non-zero maps pass; an all-zero map of an all-zero input passes', () => {
    const ones = new Float32Array(4).fill(1), zeros = new Float32Array(4);
    expect(fusedResultProblem({ maps: [ones, zeros] }, { elements: ['A', 'B'], maps: [ones, zeros] })).toBeNull();
    expect(fusedResultProblem({ maps: [ones] }, { elements: ['A'], maps: [Float32Array.of(1, NaN, Infinity, 2)] })).toMatch(/fused A map has 2 non-finite values/);
    expect(fusedResultProblem({ maps: [ones] }, { elements: ['A'], maps: [zeros] })).toMatch(/fused A map is all zero/);
    // a sparse map (under a count per pixel) may fuse to zero beside others that do not; all zero never
    const sparse = Float32Array.of(0, 0.5, 0, 0);
    expect(fusedResultProblem({ maps: [ones, sparse] }, { elements: ['A', 'B'], maps: [ones, zeros] })).toBeNull();
    expect(fusedResultProblem({ maps: [ones, sparse] }, { elements: ['A', 'B'], maps: [zeros, zeros] })).toMatch(/fused A map is all zero/);
    expect(fusedResultProblem({ maps: [sparse] }, { elements: ['B'], maps: [zeros] })).toMatch(/fused B map is all zero/);
  });
});
