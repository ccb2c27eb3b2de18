import { describe, it, expect } from 'vitest';
import { deepestPixel } from '../../../src/compute/simulate/region-point.js';

describe('deepestPixel', () => {
  it('finds the centre of a filled square', () => {
    const w = 20, h = 12;
    const mask = new Uint8Array(w * h);
    for (let y = 2; y <= 8; y++) for (let x = 10; x <= 16; x++) mask[y * w + x] = 1; // 7×7 square centred (13, 5)
    expect(deepestPixel(mask, w, h)).toEqual({ x: 13, y: 5, depth: 4 });
  });

  it('prefers the thick part of an L-shaped region and returns undefined for an empty mask', () => {
    const w = 30, h = 30;
    const mask = new Uint8Array(w * h);
    for (let y = 0; y < 30; y++) for (let x = 0; x < 3; x++) mask[y * w + x] = 1; // thin bar
    for (let y = 10; y < 21; y++) for (let x = 10; x < 21; x++) mask[y * w + x] = 1; // 11×11 block centred (15, 15)
    const p = deepestPixel(mask, w, h)!;
    expect([p.x, p.y]).toEqual([15, 15]);
    expect(p.depth).toBe(6);
    expect(deepestPixel(new Uint8Array(9), 3, 3)).toBeUndefined();
    expect(() => deepestPixel(new Uint8Array(8), 3, 3)).toThrow(RangeError);
  });
});
