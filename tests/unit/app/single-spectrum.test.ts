// Issue 11: single spectra (DigitalMicrograph .dm3 EELS and EDS) in the app — files.describe / files.browse list them as
// 'spectrum' with their energy axis and counts (the Import dialog plots them); they are
// not imported, and an import that names one says why.

import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSpectra } from '../../../src/compute/io/spectra/read.js';
import { hasSample, IO } from '../io/paths.js';
import { startApp, temp, type AppFixture } from './app-fixture.js';

const EELS = path.join(IO, 'dm3_EELS_spectrum.dm3');
const EDS = path.join(IO, 'dm3_EDS_spectrum.dm3');

describe.skipIf(!hasSample('io/dm3_EELS_spectrum.dm3') || !hasSample('io/dm3_EDS_spectrum.dm3'))('single spectra in the app', () => {
  let app: AppFixture;
  let dir: string;
  beforeAll(async () => {
    app = await startApp();
    dir = await temp('fusem-spectrum-app-');
    await copyFile(EELS, path.join(dir, 'eels.dm3'));
    await copyFile(EDS, path.join(dir, 'eds.dm3'));
    await app.service['project.create']({ dir: path.join(dir, 'project'), name: 'spectra' });
  }, 60_000);
  afterAll(async () => { await app?.close(); });

  it('files.describe: kind spectrum, with the axis and counts the reader gives, and what it is in one line', async () => {
    const { files } = await app.service['files.describe']({ paths: [EELS, EDS] });
    const [eels, eds] = files;
    for (const [entry, file] of [[eels!, EELS], [eds!, EDS]] as const) {
      const read = (await readSpectra(file)).spectra[0]!;
      expect(entry).toMatchObject({ kind: 'spectrum', problem: null, elements: [], shape: null, thumbnail: null });
      expect(entry.spectrum!.energy).toEqual({ size: read.energy.size, offset: read.energy.offset, scale: read.energy.scale, unit: read.energy.unit });
      expect(Array.from(entry.spectrum!.counts)).toEqual(Array.from(Float32Array.from(read.counts)));
    }
    // as `fusem info` and HyperSpy say: EELS 2048 channels from −100 eV at 0.5 eV, 200 kV; EDS 4096 channels of 5 eV, in keV
    expect(eels!.spectrum).toMatchObject({ signal: 'EELS', energy: { size: 2048, offset: -100, scale: 0.5, unit: 'eV' } });
    expect(eels!.spectrum!.summary).toMatch(/^EELS spectrum 'EELS Acquire'\s+2048 channels, -100–923\.5 eV at 0\.5 eV\/channel; 200 kV/);
    expect(eds!.spectrum).toMatchObject({ signal: 'EDX', energy: { size: 4096, scale: expect.closeTo(0.005, 9), unit: 'keV' } }); // float32 in the file
    expect(eds!.spectrum!.summary).toMatch(/^EDX spectrum 'EDS Spectrum'\s+4096 channels, .*live time 3\.806 s/);
  });

  it('files.browse lists them the same way beside other files', async () => {
    const { files } = await app.service['files.browse']({ dir });
    expect(files.map((f) => [f.name, f.kind, f.spectrum?.signal])).toEqual([['eds.dm3', 'spectrum', 'EDX'], ['eels.dm3', 'spectrum', 'EELS']]);
  });

  it('dataset.import of a single spectrum is refused with a message naming the file', async () => {
    const file = path.join(dir, 'eels.dm3');
    await expect(app.service['dataset.import']({ file, mode: 'reference' })).rejects.toMatchObject({
      message: expect.stringMatching(new RegExp(`^${file.replace(/[.]/g, '\\.')}: is a single EELS spectrum \\('EELS Acquire', 2048 channels\\), not images: fusion needs a HAADF with element maps, or a spectrum image`)),
    });
    expect((await app.service['dataset.list']({})).datasets).toEqual([]);
  });
});
