// Every sample file in ../shared/data/io reads exactly as its README table says (title, shape, dtype, sum, axes).

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeHdf5Worker, readImages, type ImageRecord } from '../../../src/compute/io/index.js';
import { IO, hasSample } from './paths.js';

afterAll(() => closeHdf5Worker());

interface Row { file: string; title: string; shape: number[]; dtype: string; sum: number; scale: [number, number] | null; unit: string | null }

// data/README.md "io/" table (HyperSpy 1.7.3's view). Axes with scale 1 and no unit read as pixelSize [1, 1], unit null.
const TABLE: Row[] = [
  { file: 'dm3_haadf_512_multi_signal.dm3', title: 'HAADF', shape: [512, 512], dtype: 'uint16', sum: 949490255, scale: [0.0177516, 0.0177516], unit: 'nm' },
  { file: 'dm3_haadf_512_multi_signal.dm3', title: 'Plot', shape: [512], dtype: 'float32', sum: 28.08579283, scale: null, unit: null },
  { file: 'dm3_int16_2x2.dm3', title: 'test', shape: [2, 2], dtype: 'int16', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm4_int16_2x2.dm4', title: 'test', shape: [2, 2], dtype: 'int16', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm_test-11.dm3', title: 'test', shape: [2, 2], dtype: 'uint32', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm_test-12.dm4', title: 'test', shape: [2, 2], dtype: 'float64', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm_test-14.dm3', title: 'test', shape: [2, 2], dtype: 'bool', sum: 4, scale: [1, 1], unit: null },
  { file: 'dm_test-2.dm3', title: 'test', shape: [2, 2], dtype: 'float32', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm_test-2.dm4', title: 'test', shape: [2, 2], dtype: 'float32', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm_test-23.dm4', title: 'test', shape: [2, 2, 4], dtype: 'uint8', sum: 30, scale: [1, 1], unit: null },
  { file: 'dm_test-3.dm3', title: 'test', shape: [2, 2], dtype: 'float32', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm_test-3.dm4', title: 'test', shape: [2, 2], dtype: 'float32', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm_test-5.dm3', title: 'test', shape: [2, 2], dtype: 'float32', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm_test-6.dm4', title: 'test', shape: [2, 2], dtype: 'uint8', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm_test-7.dm3', title: 'test', shape: [2, 2], dtype: 'int32', sum: 10, scale: [1, 1], unit: null },
  { file: 'dm_test-9.dm4', title: 'test', shape: [2, 2], dtype: 'int8', sum: 10, scale: [1, 1], unit: null },
  { file: 'emd_berkeley_image.emd', title: '__unnamed__', shape: [3, 3], dtype: 'int32', sum: 36, scale: [1, 1], unit: null },
  { file: 'hspy_example_v3.1.hspy', title: 'test_diffraction_pattern', shape: [16, 16], dtype: 'int32', sum: 250910, scale: [0.174433, 0.174433], unit: '1/nm' },
  { file: 'tiff_imagej_calibrated.tif', title: '', shape: [68, 68], dtype: 'float32', sum: 15422830, scale: [0.168675, 0.168675], unit: 'µm' },
  { file: 'tiff_saved_by_dm.tif', title: '', shape: [68, 68], dtype: 'int32', sum: 15422830, scale: [0.168675, 0.168675], unit: 'µm' },
];

function expectRow(r: ImageRecord, row: Row): void {
  expect(r.title).toBe(row.title);
  expect(r.shape).toEqual(row.shape);
  expect(r.dtype).toBe(row.dtype);
  expect(r.sum).toBeCloseTo(row.sum, 6);
  expect(r.data.length).toBe(row.shape.reduce((a, b) => a * b, 1));
  if (row.scale === null) expect(r.pixelSize).toBeNull();
  else {
    expect(r.pixelSize![0]).toBeCloseTo(row.scale[0], 6);
    expect(r.pixelSize![1]).toBeCloseTo(row.scale[1], 6);
  }
  expect(r.unit).toBe(row.unit);
  expect(r.allZero).toBe(false);
}

describe('sample files (README table)', () => {
  const files = [...new Set(TABLE.map((r) => r.file))];
  it.each(files.filter((f) => hasSample(`io/${f}`)))('%s', async (file) => {
    const rows = TABLE.filter((r) => r.file === file);
    const recs = await readImages(join(IO, file));
    expect(recs.length).toBe(rows.length);
    rows.forEach((row, i) => expectRow(recs[i]!, row));
  });

  it.skipIf(!hasSample('io/dm3_haadf_512_multi_signal.dm3'))('recognises the DM HAADF image by name', async () => {
    const [haadf] = await readImages(join(IO, 'dm3_haadf_512_multi_signal.dm3'));
    expect(haadf!.signal).toBe('HAADF');
    expect(haadf!.metadata['format']).toBe('dm3');
  });
});

describe.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('Velox EMD v11', () => {
  const PIXEL = 3.5992492559614689e-9;
  it('velox_v11_SI_16x16.emd: four EDS maps C, Ca, O, Cu and a 2-frame HAADF', async () => {
    const recs = await readImages(join(IO, 'velox_v11_SI_16x16.emd'));
    expect(recs.length).toBe(5);
    const maps = recs.filter((r) => r.signal === 'EDX');
    expect(maps.map((r) => r.title)).toEqual(['C', 'Ca', 'O', 'Cu']);
    expect(maps.map((r) => r.element)).toEqual(['C', 'Ca', 'O', 'Cu']);
    const sums = Object.fromEntries(maps.map((r) => [r.element, r.sum]));
    expect(sums['C']).toBeCloseTo(570, 4);
    expect(sums['Ca']).toBeCloseTo(31, 4);
    expect(sums['O']).toBeCloseTo(26, 4);
    expect(sums['Cu']).toBeCloseTo(3, 4);
    for (const m of maps) {
      expect(m.shape).toEqual([16, 16]);
      expect(m.dtype).toBe('float32');
      expect(m.metadata['detector']).toBe('SuperXG2');
      expect(m.pixelSize).toEqual([PIXEL, PIXEL]);
      expect(m.unit).toBe('m');
    }
    const haadf = recs.find((r) => r.signal === 'HAADF')!;
    expect(haadf.title).toBe('HAADF');
    expect(haadf.element).toBeNull();
    expect(haadf.shape).toEqual([2, 16, 16]);
    expect(haadf.dtype).toBe('uint16');
    expect(haadf.sum).toBe(4723669);
    expect(haadf.metadata['detector']).toBe('HAADF');
    expect(haadf.metadata['dwellTime']).toBeGreaterThan(0);
    expect(haadf.metadata['labelLayout']).toBe('Displays');
    expect(String(haadf.metadata['spectrumImage'])).toMatch(/SpectrumStream.*fusem maps/);
  });

  it('velox_v11_SI_16x16_reduced.emd: same labels, one HAADF frame', async () => {
    const recs = await readImages(join(IO, 'velox_v11_SI_16x16_reduced.emd'));
    expect(recs.map((r) => r.title)).toEqual(['C', 'Ca', 'O', 'Cu', 'HAADF']);
    expect(recs[4]!.shape).toEqual([16, 16]);
  });

  it('velox_v11_empty_selection.emd: only the HAADF image, no invented labels', async () => {
    const recs = await readImages(join(IO, 'velox_v11_empty_selection.emd'));
    expect(recs.map((r) => [r.title, r.signal, r.element])).toEqual([['HAADF', 'HAADF', null]]);
    expect(recs[0]!.shape).toEqual([16, 20]);
  });
});

describe('plain HDF5', () => {
  it('Co3O4_Mn3O4.h5: HAADF and maps Co, Mn, O, 400×400 float32', async () => {
    const recs = await readImages(join(IO, '..', 'Co3O4_Mn3O4.h5'));
    expect(recs.map((r) => [r.title, r.signal, r.element, r.shape, r.dtype])).toEqual([
      ['Co', 'other', 'Co', [400, 400], 'float32'],
      ['HAADF', 'HAADF', null, [400, 400], 'float32'],
      ['Mn', 'other', 'Mn', [400, 400], 'float32'],
      ['O', 'other', 'O', [400, 400], 'float32'],
    ]);
    const haadf = recs[1]!;
    let min = Infinity;
    let max = -Infinity;
    for (const v of haadf.data) { min = Math.min(min, v); max = Math.max(max, v); }
    expect(min).toBeGreaterThan(1.0e7);
    expect(max).toBeLessThan(5.7e7);
  });
});
