// Issue 11 in the watcher: a spectrum image that lands is mapped (compute/spectra) with the map settings current when
// it is read, and fused with its HAADF; without settings it fails with a message saying how to choose them.

import { copyFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeSpectrumImageHspy } from '../../../src/compute/io/hspy/write-spectrum-image.js';
import { closeHdf5Worker } from '../../../src/compute/io/index.js';
import { coreShell } from '../../../src/compute/simulate/index.js';
import { simulateEelsSpectrumImage } from '../../../src/compute/simulate/spectrum-image.js';
import { makeElementMaps, type MapRequest } from '../../../src/compute/spectra/make-maps.js';
import { createWatcher, type AcquisitionWatcher } from '../../../src/main/services/watcher/index.js';
import { watchCommand } from '../../../src/cli/commands/watch.js';
import { existsSync } from 'node:fs';
import { FAST, fakeFuse, tempDir, waitFor } from './helpers.js';
import { writeNpy } from '../../../src/compute/io/index.js';
import { hasSample, IO } from '../io/paths.js';
import { readSpectrumImage } from '../../../src/compute/io/spectra/read.js';

const running: AcquisitionWatcher[] = [];
afterEach(async () => { await Promise.all(running.splice(0).map((w) => w.stop())); });
afterAll(() => closeHdf5Worker());

const phantom = coreShell({ width: 32, height: 32, seed: 5 });

/** Write a simulated EELS SI elsewhere, then move it into `dir` whole (as an acquisition program's rename does). */
async function land(dir: string, name: string, seed: number): Promise<ReturnType<typeof simulateEelsSpectrumImage>> {
  const sim = simulateEelsSpectrumImage(phantom, { seed, dose: 250 });
  const staging = path.join(await tempDir('fusem-si-staging-'), name);
  await writeSpectrumImageHspy(staging, sim.si, sim.haadf);
  await rename(staging, path.join(dir, name)).catch(async () => { // another file system: write it in place
    await writeSpectrumImageHspy(path.join(dir, name), sim.si, sim.haadf);
  });
  return sim;
}

describe('a spectrum image landing in a watched folder', () => {
  it('is mapped with the settings current when it is read, then fused; without settings it fails saying how to choose them', async () => {
    const dir = await tempDir();
    const out = path.join(await tempDir('fusem-watch-out-'), 'results');
    const fake = fakeFuse();
    let settings: MapRequest | null = null;
    const asked: string[] = [];
    const w = createWatcher({ ...FAST, dir, out, fuseDataset: fake.fuse, mapSettings: (kind) => { asked.push(kind); return settings; } });
    running.push(w);
    await w.start();

    // No settings yet: refused, naming the file and the remedy.
    const failed = waitFor(w, 'dataset-failed', (e) => e.id === 'first', 20_000);
    await land(dir, 'first.hspy', 1);
    const f = await failed;
    expect(f.file).toBe(path.join(dir, 'first.hspy'));
    expect(f.message).toMatch(/EELS spectrum image and no elements are chosen to map it: choose them \(in the app: the Spectrum tab's periodic table, then "Make maps"; fusem watch: --elements Co,O,…\)/);
    expect(fake.calls).toHaveLength(0);

    // The project's settings now: Co, O, S with O's signal window narrowed.
    settings = { elements: ['Co', 'O', 'S'], signal: { O: [532, 552] } };
    const done = waitFor(w, 'fusion-done', (e) => e.id === 'second', 20_000);
    const sim = await land(dir, 'second.hspy', 2);
    await done;
    expect(fake.calls).toHaveLength(1);
    const inputs = fake.calls[0]!.inputs;
    expect(inputs.elements).toEqual(['Co', 'O', 'S']);
    const expected = makeElementMaps(sim.si, settings);
    expect(Array.from(inputs.maps[1]!)).toEqual(Array.from(expected.maps[1]!)); // the same mapping as `fusem maps`, O window included
    expect(Array.from(inputs.haadf)).toEqual(Array.from(sim.haadf));
    expect(new Set(asked)).toEqual(new Set(['EELS'])); // the settings of the SI's technique

    // The remedy works: once elements are chosen, the file that failed is read again (the app does this on "Make maps").
    settings = { elements: ['O'] };
    const again = waitFor(w, 'fusion-done', (e) => e.id === 'first', 20_000);
    expect(w.refuse('first')).toBe(true);
    await again;
    expect(fake.calls[1]!.inputs.elements).toEqual(['O']);
    expect(fake.calls[1]!.inputs.maps[0]!.length).toBe(32 * 32);
    expect(w.state().find((d) => d.id === 'first')).toMatchObject({ phase: 'done', fusions: 1 });
  }, 60_000);

  it('fusem watch: without --elements an SI fails (exit 2, naming the file and the remedy); with them it is mapped and fused', async () => {
    const dir = await tempDir();
    await land(dir, 'scan.hspy', 4);
    const out = path.join(await tempDir('fusem-watch-out-'), 'fused');
    const run = async (extra: string[]) => {
      const lines: string[] = [], errs: string[] = [];
      const code = await watchCommand([dir, '--out', out, '--once', '--iters', '4', '--backend', 'cpu', '--threads', '1', '--settle', '0.2', '--read-attempts', '1', '--quiet', ...extra], { out: (l) => lines.push(l), err: (l) => errs.push(l) });
      return { code, lines, errs };
    };
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.errs.join('\n')).toContain(`failed scan (read): ${path.join(dir, 'scan.hspy')}: is an EELS spectrum image and no elements are chosen to map it`);
    expect(bare.errs.join('\n')).toContain('fusem watch: --elements Co,O,…');
    const mapped = await run(['--elements', 'Co,O,S', '--signal-window', 'O=532:560']);
    expect(mapped.errs).toEqual([]);
    expect(mapped.code).toBe(0);
    expect(mapped.lines.join('\n')).toMatch(/^done scan: Co, O, S, 4 iterations/m);
    for (const el of ['Co', 'O', 'S']) expect(existsSync(path.join(out, 'scan', `fused_${el}.npy`))).toBe(true);
  }, 120_000);
});

describe('a DigitalMicrograph spectrum image landing in a watched folder', () => {
  it.skipIf(!hasSample('io/dm4_EELS_SI.dm4'))('joins the HAADF of its stem (run_SI.dm4 beside run_HAADF.npy), waits for it, is mapped with the settings and fused', async () => {
    const dir = await tempDir();
    const out = path.join(await tempDir('fusem-watch-out-'), 'results');
    const fake = fakeFuse();
    const settings: MapRequest = { elements: ['O', 'W'] };
    const w = createWatcher({ ...FAST, dir, out, fuseDataset: fake.fuse, mapSettings: () => settings });
    running.push(w);
    await w.start();
    await copyFile(path.join(IO, 'dm4_EELS_SI.dm4'), path.join(dir, 'run_SI.dm4'));
    await waitFor(w, 'dataset-detected', (e) => e.id === 'run', 20_000);
    await new Promise((r) => setTimeout(r, 600)); // settled: a group with an SI and no HAADF waits, saying for what
    expect(w.state().find((d) => d.id === 'run')?.message).toMatch(/waiting for a HAADF \(or dark-field\) image to fuse the spectrum image with/);
    expect(fake.calls).toHaveLength(0);
    const done = waitFor(w, 'fusion-done', (e) => e.id === 'run', 20_000);
    await writeNpy(path.join(dir, 'run_HAADF.npy'), Float32Array.from([100, 120, 90, 110]), [2, 2]);
    await done;
    expect(fake.calls).toHaveLength(1);
    const inputs = fake.calls[0]!.inputs;
    expect(inputs.elements).toEqual(['O', 'W']);
    expect(Array.from(inputs.haadf)).toEqual([100, 120, 90, 110]);
    const { si } = await readSpectrumImage(path.join(dir, 'run_SI.dm4'));
    const expected = makeElementMaps(si, settings);
    expect(Array.from(inputs.maps[0]!)).toEqual(Array.from(expected.maps[0]!)); // the same mapping as `fusem maps`
    expect(inputs.variances).toHaveLength(2); // with its per-pixel variances
  }, 60_000);
});
