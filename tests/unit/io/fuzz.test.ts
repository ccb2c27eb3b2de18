// Fuzz: truncate and flip bytes of every kind of sample file; every failure must be an InputError, nothing may crash or hang.

import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeHdf5Worker, InputError, readImages } from '../../../src/compute/io/index.js';
import { rng } from '../helpers.js';
import { setHdf5BaseTimeout } from '../../../src/compute/io/hdf5/client.js';
import { DATA, FIXTURES, IO, hasSample, tempDir } from './paths.js';

// Corrupt HDF5 can send the HDF5 library into an endless loop: the worker is killed after this long
// (20 s by default; these files read in milliseconds when sound).
const oldTimeout = setHdf5BaseTimeout(1500);
afterAll(() => { setHdf5BaseTimeout(oldTimeout); closeHdf5Worker(); });

/** Sample, extension-preserving name, and number of cases. Pure-TS parsers get more cases than HDF5 (a worker round trip each,
 * up to the 1.5 s timeout when a case hangs the library; safety/fuzz-bounded.test.ts runs more HDF5 mutants in a child). */
const CASES: [string, number][] = [
  [join(FIXTURES, 'dataset.npz'), 150], [join(FIXTURES, 'dataset_compressed.npz'), 150],
  [join(FIXTURES, 'bigendian_int16.npy'), 150], [join(FIXTURES, 'fortran_float64.npy'), 150],
  [join(IO, 'tiff_imagej_calibrated.tif'), 150], [join(IO, 'tiff_saved_by_dm.tif'), 150],
  [join(IO, 'dm3_int16_2x2.dm3'), 150], [join(IO, 'dm_test-3.dm3'), 150],
  [join(IO, 'dm4_int16_2x2.dm4'), 150], [join(IO, 'dm_test-23.dm4'), 150],
  [join(IO, 'hspy_example_v3.1.hspy'), 60], [join(IO, 'emd_berkeley_image.emd'), 50],
  ...(hasSample('io/velox_v11_SI_16x16_reduced.emd') ? [[join(IO, 'velox_v11_SI_16x16_reduced.emd'), 30] as [string, number]] : []),
  [join(DATA, 'Co3O4_Mn3O4.h5'), 20],
];

/** One mutated copy: a truncation, or 1–8 flipped bits (half of them within the first 4 KiB, where headers live). */
function mutate(src: Uint8Array, r: () => number, k: number): Uint8Array {
  if (k % 2 === 0) return src.slice(0, Math.floor(r() * src.length));
  const b = src.slice();
  const flips = 1 + Math.floor(r() * 8);
  for (let i = 0; i < flips; i++) {
    const pos = r() < 0.5 ? Math.floor(r() * Math.min(4096, b.length)) : Math.floor(r() * b.length);
    b[pos]! ^= 1 << Math.floor(r() * 8);
  }
  return b;
}

describe('fuzz', () => {
  it.each(CASES)('%s', async (sample, n) => {
    const { dir, cleanup } = tempDir();
    try {
      const src = new Uint8Array(readFileSync(sample));
      const r = rng(0x5eed ^ src.length);
      const f = join(dir, `fuzz_${basename(sample)}`);
      let ok = 0;
      let refused = 0;
      let hung = 0;
      for (let k = 0; k < n; k++) {
        writeFileSync(f, mutate(src, r, k));
        try {
          await readImages(f);
          ok++;
        } catch (e) {
          if (!(e instanceof InputError)) throw new Error(`case ${k}: not an InputError: ${String(e)}`);
          expect(e.message.startsWith(f)).toBe(true);
          if (/took longer/.test(e.message)) hung++;
          refused++;
        }
      }
      expect(ok + refused).toBe(n);
      if (hung > 0) console.info(`${basename(sample)}: ${hung} of ${n} cases hung the HDF5 library and were stopped`);
      expect(refused).toBeGreaterThan(n / 4); // the mutations do reach the parsers
    } finally {
      cleanup();
    }
  });
});
