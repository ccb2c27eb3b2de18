// Truncated, corrupted, empty, wrong-extension, too-large, missing: each a clear InputError naming the file.

import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHdf5Worker, InputError, readDataset, readImage, readImages } from '../../../src/compute/io/index.js';
import { DATA, FIXTURES, IO, hasSample, tempDir } from './paths.js';

const SAMPLES = [
  join(FIXTURES, 'bigendian_int16.npy'), join(FIXTURES, 'dataset.npz'), join(FIXTURES, 'dataset_compressed.npz'),
  join(IO, 'tiff_imagej_calibrated.tif'), join(IO, 'dm3_haadf_512_multi_signal.dm3'), join(IO, 'dm4_int16_2x2.dm4'),
  join(IO, 'hspy_example_v3.1.hspy'), join(IO, 'emd_berkeley_image.emd'), join(IO, 'velox_v11_SI_16x16_reduced.emd'),
  join(DATA, 'Co3O4_Mn3O4.h5'),
].filter((f) => hasSample(f.slice(DATA.length + 1)));

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => { tmp = tempDir(); });
afterAll(() => { tmp.cleanup(); closeHdf5Worker(); });

async function refusal(f: string, read: (f: string) => Promise<unknown> = readImages): Promise<InputError> {
  const e = await read(f).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(InputError);
  const ie = e as InputError;
  expect(ie.file).toBe(f);
  expect(ie.message.startsWith(`${f}: `)).toBe(true);
  expect(ie.message).not.toMatch(/\n/);
  return ie;
}

describe('bad files', () => {
  it.each(SAMPLES)('truncated to half: %s', async (sample) => {
    const f = join(tmp.dir, `half_${sample.split('/').pop()}`);
    const b = readFileSync(sample);
    writeFileSync(f, b.subarray(0, Math.floor(b.length / 2)));
    const e = await refusal(f);
    expect(e.message).toMatch(/truncated|corrupt|cannot be read|not a valid|no end-of-central/i);
  });

  it.each(SAMPLES)('header overwritten with garbage: %s', async (sample) => {
    const f = join(tmp.dir, `garbage_${sample.split('/').pop()}`);
    const b = Buffer.from(readFileSync(sample));
    b.fill(0x5a, 0, Math.min(64, b.length));
    writeFileSync(f, b);
    const e = await refusal(f);
    expect(e.message).toMatch(/not a valid|signature|corrupt/i);
  });

  it.each(['.npy', '.npz', '.tif', '.dm3', '.dm4', '.emd', '.h5', '.hspy'])('empty %s file', async (ext) => {
    const f = join(tmp.dir, `empty${ext}`);
    writeFileSync(f, '');
    expect((await refusal(f)).message).toMatch(/is empty \(0 bytes\)/);
  });

  it('wrong extension: contents of another format', async () => {
    const f = join(tmp.dir, 'really_a_tiff.dm3');
    copyFileSync(join(IO, 'tiff_saved_by_dm.tif'), f);
    expect((await refusal(f)).message).toMatch(/extension \.dm3 but its contents are TIFF/);
    const g = join(tmp.dir, 'really_hdf5.npy');
    copyFileSync(join(IO, 'emd_berkeley_image.emd'), g);
    expect((await refusal(g)).message).toMatch(/extension \.npy but its contents are HDF5/);
  });

  it('unsupported extension', async () => {
    const f = join(tmp.dir, 'notes.txt');
    writeFileSync(f, 'hello');
    expect((await refusal(f)).message).toMatch(/unsupported file type '\.txt'/);
    const g = join(tmp.dir, 'image.png');
    copyFileSync(join(IO, 'tiff_saved_by_dm.tif'), g);
    expect((await refusal(g)).message).toMatch(/unsupported extension '\.png' \(the contents look like tiff/);
  });

  it('too large (a sparse 5 GiB file) is refused before reading', async () => {
    const f = join(tmp.dir, 'huge.tif');
    const fd = openSync(f, 'w');
    try { ftruncateSync(fd, 5 * 1024 ** 3); } finally { closeSync(fd); }
    expect((await refusal(f)).message).toMatch(/too large/);
  });

  it('missing file and directory', async () => {
    expect((await refusal(join(tmp.dir, 'nope.tif'))).message).toMatch(/no such file/);
    const d = join(tmp.dir, 'dir.h5');
    mkdirSync(d);
    expect((await refusal(d)).message).toMatch(/is a directory/);
  });

  it('readImage and readDataset refuse bad files the same way', async () => {
    const f = join(tmp.dir, 'e.npy');
    writeFileSync(f, '');
    await refusal(f, readImage);
    await refusal(f, readDataset);
  });

  it('a .npy whose header promises more data than there is', async () => {
    const f = join(tmp.dir, 'short.npy');
    const b = readFileSync(join(FIXTURES, 'bigendian_int16.npy'));
    writeFileSync(f, b.subarray(0, b.length - 3));
    expect((await refusal(f)).message).toMatch(/truncated \.npy data/);
  });
});
