// readDataset / readImage: choose the HAADF and the element maps; refuse what is ambiguous or missing.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeHdf5Worker, InputError, readDataset, readImage, readImages } from '../../../src/compute/io/index.js';
import { DATA, FIXTURES, IO, hasSample, tempDir } from './paths.js';

afterAll(() => closeHdf5Worker());

describe('readDataset', () => {
  it('Co3O4_Mn3O4.h5: HAADF + Co, Mn, O on a 400×400 grid', async () => {
    const d = await readDataset(join(DATA, 'Co3O4_Mn3O4.h5'));
    expect([d.width, d.height]).toEqual([400, 400]);
    expect(d.haadfTitle).toBe('HAADF');
    expect(d.haadf.length).toBe(160000);
    expect(d.maps.map((m) => m.element)).toEqual(['Co', 'Mn', 'O']);
    expect(d.maps.every((m) => m.data.length === 160000)).toBe(true);
    expect(d.pixelSize).toBeNull();
    expect(d.notes.join('\n')).toMatch(/maps: Co from \/Co, Mn from \/Mn, O from \/O/);
  });

  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('Velox SI: HAADF frames summed, four EDS maps, note about the spectrum stream', async () => {
    const d = await readDataset(join(IO, 'velox_v11_SI_16x16.emd'));
    expect([d.width, d.height]).toEqual([16, 16]);
    expect(d.maps.map((m) => m.element)).toEqual(['C', 'Ca', 'O', 'Cu']);
    expect(d.haadf.reduce((a, b) => a + b, 0)).toBe(4723669);
    expect(d.pixelSize).toEqual([3.5992492559614689e-9, 3.5992492559614689e-9]);
    expect(d.unit).toBe('m');
    expect(d.notes.join('\n')).toMatch(/detector HAADF/);
    expect(d.notes.join('\n')).toMatch(/2 frames summed/);
    expect(d.notes.join('\n')).toMatch(/SpectrumStream/);
  });

  it.skipIf(!hasSample('io/velox_v11_empty_selection.emd'))('velox_v11_empty_selection.emd: says there are no element maps', async () => {
    const err = await readDataset(join(IO, 'velox_v11_empty_selection.emd')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/velox_v11_empty_selection\.emd: holds no element maps/);
    expect((err as Error).message).toMatch(/fusem maps/);
  });

  it('npz: maps labelled from member names, the all-zero map excluded with a note', async () => {
    for (const f of ['dataset.npz', 'dataset_compressed.npz']) {
      const d = await readDataset(join(FIXTURES, f));
      expect([d.width, d.height]).toEqual([8, 6]);
      expect(d.maps.map((m) => m.element)).toEqual(['Co', 'Mn']);
      expect(d.maps[0]!.data.reduce((a, b) => a + b, 0)).toBe(104);
      expect(d.maps[1]!.data.reduce((a, b) => a + b, 0)).toBe(54);
      expect(d.notes.join('\n')).toMatch(/'Ni'.*all its values are zero/);
      const recs = await readImages(join(FIXTURES, f));
      expect(recs.find((r) => r.title === 'Ni')!.allZero).toBe(true);
    }
  });

  it('a file with no HAADF image is refused', async () => {
    const err = await readDataset(join(IO, 'hspy_example_v3.1.hspy')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/no HAADF or dark-field image/);
  });
});

describe('readImage', () => {
  it('the single image of a file', async () => {
    const r = await readImage(join(IO, 'tiff_imagej_calibrated.tif'));
    expect(r.shape).toEqual([68, 68]);
  });

  it.skipIf(!hasSample('io/dm3_haadf_512_multi_signal.dm3'))('ignores a 1-D plot beside the one image', async () => {
    const r = await readImage(join(IO, 'dm3_haadf_512_multi_signal.dm3'));
    expect(r.title).toBe('HAADF');
  });

  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('several images and no role: an InputError naming them', async () => {
    const err = await readImage(join(IO, 'velox_v11_SI_16x16.emd')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/holds 5 images .*'HAADF'.*none is clearly the one/);
  });

  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('with a role: the HAADF with frames summed, or one element map', async () => {
    const h = await readImage(join(IO, 'velox_v11_SI_16x16.emd'), { role: 'haadf' });
    expect(h.shape).toEqual([16, 16]);
    expect(h.sum).toBe(4723669);
    const f1 = await readImage(join(IO, 'velox_v11_SI_16x16.emd'), { role: 'haadf', frame: 1 });
    const f0 = await readImage(join(IO, 'velox_v11_SI_16x16.emd'), { role: 'haadf', frame: 0 });
    expect(f0.sum + f1.sum).toBe(4723669);
    const ca = await readImage(join(IO, 'velox_v11_SI_16x16.emd'), { role: { element: 'Ca' } });
    expect(ca.title).toBe('Ca');
  });

  it('a map labelled by its file name', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'scan012_Co.tif');
      copyFileSync(join(IO, 'tiff_saved_by_dm.tif'), f);
      const r = await readImage(f);
      expect(r.element).toBe('Co');
    } finally {
      cleanup();
    }
  });
});
