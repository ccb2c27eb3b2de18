import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeNpy, readImage } from '../../../src/compute/io/index.js';
import { ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { runCli, tempDir } from './cli-helpers.js';

const S = 48, N = S * S;
let dir: string;
let haadf: string, ga: string, o: string;

beforeAll(async () => {
  dir = await tempDir();
  const ph = ga2o3Films({ width: S, height: S });
  const acq = simulateAcquisition(ph, { chemSnr: 4, haadfSnr: 20, seed: 2 });
  haadf = path.join(dir, 'haadf.npy'); ga = path.join(dir, 'scan_Ga.npy'); o = path.join(dir, 'scan_O.npy');
  await writeNpy(haadf, acq.haadf, [S, S]);
  await writeNpy(ga, acq.maps.slice(0, N), [S, S]);
  await writeNpy(o, acq.maps.slice(N, 2 * N), [S, S]);
});

// λ given: these tests are about the command's files and checks, not the default λ search (tests/unit/autoparams/cli-auto.test.ts)
const base = () => ['fuse', '--haadf', haadf, '--map', `Ga=${ga}`, '--map', `O=${o}`, '--iters', '8', '--lambda-chem', '0.05', '--lambda-tv', '0.01'];

describe('fusem fuse', () => {
  it('writes fused maps (.npy and .tif, float32, input shape) and a report', async () => {
    const out = path.join(dir, 'result');
    const run = await runCli([...base(), '--out', out, '--json']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out.join('\n'));
    expect(report.elements).toEqual(['Ga', 'O']);
    expect(report.shape).toEqual([S, S]);
    expect(report.history).toHaveLength(8);
    expect(report.history[0]).toHaveProperty('haadf');
    expect(report.params.lambdaChem).toBe(0.05); // as given (base() fixes λ)
    expect(report.weighting).toMatch(/paper/);
    expect(report.inputs.map((f: { role: string }) => f.role)).toEqual(['HAADF', 'Ga', 'O']);
    expect(report.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.versions.node).toBe(process.version);
    expect((await readdir(out)).sort()).toEqual(['fused_Ga.npy', 'fused_Ga.tif', 'fused_O.npy', 'fused_O.tif', 'report.json']);
    const npy = await readImage(path.join(out, 'fused_Ga.npy'));
    const tif = await readImage(path.join(out, 'fused_Ga.tif'));
    expect(npy.shape).toEqual([S, S]);
    expect(npy.dtype).toBe('float32');
    expect(Array.from(tif.data)).toEqual(Array.from(npy.data));
    expect(JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'))).toEqual(report);
  });

  it('refuses to overwrite a non-empty result directory unless asked, and keeps the old result', async () => {
    const out = path.join(dir, 'keep');
    expect((await runCli([...base(), '--out', out, '--quiet'])).code).toBe(0);
    const before = await readFile(path.join(out, 'report.json'), 'utf8');
    const again = await runCli([...base(), '--out', out, '--quiet']);
    expect(again.code).toBe(2);
    expect(again.err).toEqual([`fusem fuse: ${out}: exists and is not empty; choose another --out or pass --overwrite`]);
    expect(await readFile(path.join(out, 'report.json'), 'utf8')).toBe(before);
    expect((await runCli([...base(), '--out', out, '--quiet', '--overwrite', '--iters', '3'])).code).toBe(0);
    expect(JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')).history).toHaveLength(3);
  });

  describe('bad input exits 2 with one line naming the file and the problem, and writes nothing', () => {
    const cases: [string, () => Promise<string[]>, RegExp][] = [
      ['a missing file', async () => ['fuse', '--haadf', path.join(dir, 'nope.npy'), '--map', `Ga=${ga}`], /nope\.npy: .*(not found|no such file|does not exist)/i],
      ['shapes that differ', async () => {
        const small = path.join(dir, 'small_O.npy');
        await writeNpy(small, new Float32Array(16).fill(1), [4, 4]);
        return ['fuse', '--haadf', haadf, '--map', `Ga=${ga}`, '--map', `O=${small}`];
      }, /small_O\.npy: .*shapes differ/],
      ['NaN values', async () => {
        const f = path.join(dir, 'nan_O.npy');
        await writeNpy(f, Float32Array.from({ length: N }, (_, k) => (k === 5 ? NaN : 1)), [S, S]);
        return ['fuse', '--haadf', haadf, '--map', `Ga=${ga}`, '--map', `O=${f}`];
      }, /nan_O\.npy: map contains 1 NaN or infinite values/],
      ['infinite values in the HAADF', async () => {
        const f = path.join(dir, 'inf_haadf.npy');
        await writeNpy(f, Float32Array.from({ length: N }, (_, k) => (k === 7 ? Infinity : k)), [S, S]);
        return ['fuse', '--haadf', f, '--map', `Ga=${ga}`, '--map', `O=${o}`];
      }, /inf_haadf\.npy: contains 1 NaN or infinite values/],
      ['negative counts', async () => {
        const f = path.join(dir, 'neg_O.npy');
        await writeNpy(f, Float32Array.from({ length: N }, (_, k) => (k % 3) - 1), [S, S]);
        return ['fuse', '--haadf', haadf, '--map', `Ga=${ga}`, '--map', `O=${f}`, '--data-term', 'poisson']; // the default (auto) accepts negatives (issue 10)
      }, /neg_O\.npy: map has \d+ negative values/],
      ['an empty map', async () => {
        const f = path.join(dir, 'zero_O.npy');
        await writeNpy(f, new Float32Array(N), [S, S]);
        return ['fuse', '--haadf', haadf, '--map', `Ga=${ga}`, '--map', `O=${f}`];
      }, /zero_O\.npy: .*empty \(all zero\)/],
      ['an unknown element symbol', async () => ['fuse', '--haadf', haadf, '--map', `Ga=${ga}`, '--map', `Qx=${o}`], /scan_O\.npy: "Qx" is not an element symbol/],
      ['a nonsense γ', async () => [...base(), '--gamma', '7'], /gamma must be in \(1, 3\]/],
      ['a non-number', async () => [...base(), '--lambda-tv', 'lots'], /--lambda-tv must be a number \(got "lots"\)/],
      ['negative iterations', async () => [...base(), '--iters', '-3'], /iters must be an integer from 1/],
      ['an unknown option', async () => [...base(), '--colour', 'red'], /unknown option --colour/],
      ['a file that is not an image', async () => {
        const f = path.join(dir, 'notes_O.npy');
        await writeFile(f, 'this is not numpy');
        return ['fuse', '--haadf', haadf, '--map', `Ga=${ga}`, '--map', `O=${f}`];
      }, /notes_O\.npy: /],
    ];
    for (const [name, argv, message] of cases) {
      it(name, async () => {
        const out = path.join(dir, `bad-${name.replace(/\W+/g, '-')}`);
        const run = await runCli([...(await argv()), '--out', out, '--quiet']);
        expect(run.code).toBe(2);
        expect(run.err).toHaveLength(1);
        expect(run.err[0]).toMatch(/^fusem fuse: /);
        expect(run.err[0]).toMatch(message);
        expect(existsSync(out)).toBe(false);
        expect((await readdir(dir)).filter((f) => f.includes('.partial-'))).toEqual([]);
      });
    }
  });
});
