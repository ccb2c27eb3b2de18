// Issue 11 review: `fusem watch` reads a landing spectrum image once — the read that found its kind is the one mapped.

import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const counted = vi.hoisted(() => ({ reads: 0 }));
vi.mock('../../../src/compute/io/spectra/read.js', async (original) => {
  const m = await original<typeof import('../../../src/compute/io/spectra/read.js')>();
  return {
    ...m,
    readSpectra: (...a: Parameters<typeof m.readSpectra>) => { counted.reads++; return m.readSpectra(...a); },
    readSpectrumImage: (...a: Parameters<typeof m.readSpectrumImage>) => { counted.reads++; return m.readSpectrumImage(...a); },
  };
});

const { writeSpectrumImageHspy } = await import('../../../src/compute/io/hspy/write-spectrum-image.js');
const { closeHdf5Worker } = await import('../../../src/compute/io/index.js');
const { coreShell } = await import('../../../src/compute/simulate/index.js');
const { simulateEelsSpectrumImage } = await import('../../../src/compute/simulate/spectrum-image.js');
const { localSpectra } = await import('../../../src/main/services/watcher/load-dataset.js');
const { tempDir } = await import('./helpers.js');

afterAll(() => closeHdf5Worker());

describe('localSpectra', () => {
  it('maps the SI its kind() read without reading the file again; other frames, or a second map, read it', async () => {
    const sim = simulateEelsSpectrumImage(coreShell({ width: 32, height: 32, seed: 3 }), { seed: 3, dose: 250 });
    const file = path.join(await tempDir('fusem-local-si-'), 'scan.hspy');
    await writeSpectrumImageHspy(file, sim.si, sim.haadf);
    const source = localSpectra();
    const request = { elements: ['Co', 'O', 'S'] };

    counted.reads = 0;
    expect(await source.kind(file)).toBe('EELS');
    const once = await source.map(file, request);
    expect(counted.reads).toBe(1);
    const again = await source.map(file, request); // held for one map only
    expect(counted.reads).toBe(2);
    expect(Array.from(again.maps.maps[0]!)).toEqual(Array.from(once.maps.maps[0]!));

    await source.kind(file);
    await source.map(file, request, { first: 0, last: 0 }); // the kind's read summed all frames: read again
    expect(counted.reads).toBe(4);
  });
});
