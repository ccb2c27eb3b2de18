import { describe, expect, it } from 'vitest';
import { makePreview, previewSize, shrink } from '../../../src/compute/host/preview.js';
import { wireArray, wireValue } from '../../../src/compute/host/copies.js';

describe('previews', () => {
  it('fit the long side into the limit, keep the aspect ratio and never enlarge', () => {
    expect(previewSize(1024, 512, 256)).toEqual({ width: 256, height: 128 });
    expect(previewSize(300, 1000, 256)).toEqual({ width: 77, height: 256 });
    expect(previewSize(32, 20, 256)).toEqual({ width: 32, height: 20 });
  });

  it('are box averages that preserve the mean', () => {
    const w = 7, h = 5;
    const img = Float32Array.from({ length: w * h }, (_, k) => k % 3);
    expect(shrink(img, w, h, w, h)).toEqual(img);
    const one = shrink(img, w, h, 1, 1);
    expect(one[0]).toBeCloseTo(img.reduce((s, v) => s + v, 0) / img.length, 6);
    const p = makePreview([img, img], w, h, 4);
    expect(p).toMatchObject({ width: 4, height: 3 });
    expect(p.maps).toHaveLength(2);
    expect(p.maps[0]).toHaveLength(12);
  });

  it('travel as exact-size copies on plain buffers', () => {
    const shared = new Float32Array(new SharedArrayBuffer(16));
    expect(wireArray(shared).buffer).toBeInstanceOf(ArrayBuffer);
    const view = new Float32Array(new ArrayBuffer(40), 8, 3);
    expect(wireArray(view).buffer.byteLength).toBe(12);
    const plain = new Float32Array(3);
    expect(wireArray(plain)).toBe(plain);
  });

  it('a reply of any shape (a spectrum answer: maps in a list, images in objects) sends each Float32Array exact-size', () => {
    const stack = new Float32Array(new ArrayBuffer(4 * 12));
    stack.set(Array.from({ length: 12 }, (_, k) => k));
    const reply = { maps: [stack.subarray(0, 6), stack.subarray(6)], haadf: { width: 3, data: stack.subarray(3, 9) }, title: 't', rows: 2, energy: new Float64Array(2), none: null };
    const wired = wireValue(reply);
    for (const a of [...wired.maps, wired.haadf.data]) expect(a.buffer.byteLength).toBe(6 * 4);
    expect(Array.from(wired.maps[1]!)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(Array.from(wired.haadf.data)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(wired).toMatchObject({ title: 't', rows: 2, none: null, haadf: { width: 3 } });
    expect(wired.energy).toBe(reply.energy); // other arrays as they are
  });
});
