// `fusem watch`: the headless watcher, with the real fusion.

import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImage, writeTiffFloat32 } from '../../../src/compute/io/index.js';
import { watchCommand } from '../../../src/cli/commands/watch.js';
import { acquisition, S, sleep, tempDir, writeGroup } from './helpers.js';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [], err: string[] = [];
  const code = await watchCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('fusem watch', () => {
  it('--once fuses every dataset in the folder into OUT/<stem>/ with the fuse layout, and exits', async () => {
    const dir = await tempDir();
    await writeGroup(dir, 'scanA', 21); // .npy
    const b = acquisition(22);
    await writeTiffFloat32(path.join(dir, 'scanB_HAADF.tif'), b.haadf, S, S);
    await writeTiffFloat32(path.join(dir, 'scanB_Ga.tif'), b.Ga, S, S);
    await writeTiffFloat32(path.join(dir, 'scanB_O.tif'), b.O, S, S);
    await writeFile(path.join(dir, 'scanC_HAADF.npy.tmp'), 'half');
    const out = path.join(dir, 'fused'); // inside the watched folder: its results must not be taken for datasets
    const r = await run([dir, '--out', out, '--once', '--iters', '4', '--backend', 'cpu', '--threads', '1', '--settle', '0.2']);
    expect(r.err.filter((l) => /failed|error/i.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['.fusem-watch-journal.jsonl', 'scanA', 'scanB']); // the journal of finished datasets (issue 14)
    for (const stem of ['scanA', 'scanB']) {
      expect((await readdir(path.join(out, stem))).sort()).toEqual(['fused_Ga.npy', 'fused_Ga.tif', 'fused_O.npy', 'fused_O.tif', 'report.json']);
      const report = JSON.parse(await readFile(path.join(out, stem, 'report.json'), 'utf8'));
      expect(report.elements).toEqual(['Ga', 'O']);
      expect(report.shape).toEqual([S, S]);
      expect(report.history).toHaveLength(4);
      expect(report.inputs.map((f: { role: string }) => f.role)).toEqual(['HAADF', 'Ga', 'O']);
      const ga = await readImage(path.join(out, stem, 'fused_Ga.npy'));
      expect(ga.shape).toEqual([S, S]);
      expect(ga.data.every(Number.isFinite)).toBe(true);
    }
    const lines = r.out.join('\n');
    expect(lines).toMatch(/^detected scanA /m);
    expect(lines).toMatch(/^queued scanB \(new, /m);
    expect(lines).toMatch(/^fusing scanA: Ga, O 32×32$/m);
    expect(lines).toMatch(new RegExp(`^done scanB: Ga, O, 4 iterations in [0-9.]+ s on .* → ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/scanB$`, 'm'));
    expect(r.err.some((l) => /^scanA iteration 4\/4 /.test(l))).toBe(true);
  });

  it('--once exits 2 after reporting a dataset it cannot read; --json prints one event per line', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'bad_HAADF.npy'), 'not an npy');
    await writeFile(path.join(dir, 'bad_Co.npy'), 'not an npy either');
    const r = await run([dir, '--out', path.join(await tempDir(), 'o'), '--once', '--json', '--settle', '0.05', '--read-attempts', '2']);
    expect(r.code).toBe(2);
    const events = r.out.map((l) => JSON.parse(l) as { event: string; file?: string; message?: string });
    expect(events.map((e) => e.event)).toEqual(['dataset-detected', 'dataset-failed']);
    expect(events[1]!.message).toMatch(/bad_(HAADF|Co)\.npy: is not a valid \.npy file/);
  });

  it('runs until SIGTERM, then exits 0', async () => {
    const dir = await tempDir();
    const before = new Set(process.listeners('SIGTERM'));
    const running = run([dir, '--out', path.join(dir, 'out'), '--quiet']);
    let handler: NodeJS.SignalsListener | undefined;
    for (let k = 0; k < 100 && !handler; k++) {
      await sleep(50);
      handler = process.listeners('SIGTERM').find((l) => !before.has(l));
    }
    expect(handler).toBeDefined();
    handler!('SIGTERM'); // as a signal would, without signalling the test process
    const r = await running;
    expect(r.code).toBe(0);
    expect(process.listeners('SIGTERM').filter((l) => !before.has(l))).toEqual([]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('refuses bad usage with a clear message', async () => {
    await expect(run(['--out', 'x'])).rejects.toThrow(/give the folder to watch/);
    await expect(run(['/nonexistent-fusem-dir', '--out', 'x'])).rejects.toThrow(/does not exist/);
    const dir = await tempDir();
    await expect(run([dir])).rejects.toThrow(/--out OUT is required/);
    await expect(run([dir, '--out', 'x', '--iters', '0'])).rejects.toThrow(/iters/);
    await expect(run([dir, '--out', dir + '/'])).rejects.toThrow(/must not be the watched folder/);
  });
});
