// .npy/.npz: dtypes, byte order, Fortran order, round trips of what fusem writes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeNpy, readImages, writeNpy } from '../../../src/compute/io/index.js';
import { FIXTURES, tempDir } from './paths.js';

describe('npy reader', () => {
  it('big-endian int16', async () => {
    const [r] = await readImages(join(FIXTURES, 'bigendian_int16.npy'));
    expect([r!.shape, r!.dtype, r!.sum]).toEqual([[3, 4], 'int16', 66]);
    expect(Array.from(r!.data)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
  it('Fortran-order float64 comes back in C order', async () => {
    const [r] = await readImages(join(FIXTURES, 'fortran_float64.npy'));
    expect(r!.dtype).toBe('float64');
    expect(Array.from(r!.data)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
  it('bool and a uint8 stack', async () => {
    const [b] = await readImages(join(FIXTURES, 'bool.npy'));
    expect([b!.dtype, b!.sum]).toEqual(['bool', 3]);
    const [s] = await readImages(join(FIXTURES, 'uint8_stack.npy'));
    expect([s!.shape, s!.dtype, s!.sum]).toEqual([[2, 3, 4], 'uint8', 276]);
  });
  it('npz members, titles and dtypes', async () => {
    const recs = await readImages(join(FIXTURES, 'dataset.npz'));
    expect(recs.map((r) => [r.title, r.dtype, r.element, r.signal])).toEqual([
      ['HAADF', 'float32', null, 'HAADF'], ['Co_K', 'uint16', 'Co', 'other'], ['Mn L2,3', 'float32', 'Mn', 'other'], ['Ni', 'float32', 'Ni', 'other'],
    ]);
    expect(recs[0]!.sum).toBeCloseTo(24341.119676351547, 3);
  });
});

describe('npy writer', () => {
  it('round trip: what fusem writes, fusem reads back identically', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const data = Float32Array.from({ length: 35 }, (_, i) => Math.sin(i) * 1e3);
      const f = join(dir, 'fused_Co.npy');
      await writeNpy(f, data, [5, 7]);
      const [r] = await readImages(f);
      expect(r!.shape).toEqual([5, 7]);
      expect(r!.dtype).toBe('float32');
      expect(r!.data).toEqual(data);
      const bytes = readFileSync(f);
      expect((10 + bytes.readUInt16LE(8)) % 64).toBe(0); // header aligned as numpy requires
    } finally {
      cleanup();
    }
  });
  it('refuses a shape that does not match the data', () => {
    expect(() => encodeNpy(new Float32Array(6), [4, 2])).toThrow(/does not match/);
  });
});
