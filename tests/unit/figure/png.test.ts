import { describe, expect, it } from 'vitest';
import { PNG_SIGNATURE, dpiToPixelsPerMetre, encodePng, filterScanlines, type PngFilterStrategy } from '../../../src/shared/figure/index.js';
import { decodePng, pngChunks, unfilter } from './decode.js';

// 3 x 2 RGBA: red, green, blue / white, transparent black, half-transparent grey
const SMALL = Uint8Array.of(255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 128, 128, 128, 128);

function gradient(w: number, h: number): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.set([x & 255, y & 255, (x * y) & 255, 255 - ((x + y) & 255)], 4 * (y * w + x));
  return px;
}

describe('encodePng', () => {
  it('writes signature, IHDR, pHYs, IDAT, IEND with correct CRCs', () => {
    const png = encodePng(SMALL, 3, 2, { dpi: 300 });
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(Array.from(PNG_SIGNATURE)).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks = pngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    expect(Array.from(chunks[0]!.data)).toEqual([0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0]);
    // pHYs: 300 / 0.0254 = 11811.02 → 11811 = 0x2e23 px/m on both axes, unit 1 (metre)
    expect(Array.from(chunks[1]!.data)).toEqual([0, 0, 0x2e, 0x23, 0, 0, 0x2e, 0x23, 1]);
    expect(chunks[3]!.data.length).toBe(0);
    expect(Array.from(png.subarray(-12))).toEqual([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  });

  it('inflates back to the exact pixels', () => {
    const d = decodePng(encodePng(SMALL, 3, 2, { dpi: 300 }));
    expect([d.width, d.height, d.bitDepth, d.colorType, d.interlace]).toEqual([3, 2, 8, 6, 0]);
    expect(d.rgba).toEqual(SMALL);
    const big = gradient(300, 200);
    expect(decodePng(encodePng(big, 300, 200)).rgba).toEqual(big);
  });

  it('converts DPI to pixels per metre and omits pHYs without a DPI', () => {
    expect(dpiToPixelsPerMetre(72)).toBe(2835);
    expect(dpiToPixelsPerMetre(300)).toBe(11811);
    expect(dpiToPixelsPerMetre(600)).toBe(23622);
    expect(pngChunks(encodePng(SMALL, 3, 2)).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(() => encodePng(SMALL, 3, 2, { dpi: 0 })).toThrow(RangeError);
  });

  it('round-trips every filter strategy and marks each row with its filter type', () => {
    const px = gradient(37, 23);
    const codes: Record<Exclude<PngFilterStrategy, 'adaptive'>, number> = { none: 0, sub: 1, up: 2, average: 3, paeth: 4 };
    for (const [name, code] of Object.entries(codes)) {
      const d = decodePng(encodePng(px, 37, 23, { filter: name as PngFilterStrategy }));
      expect(d.rgba).toEqual(px);
      expect(new Set(d.filterTypes)).toEqual(new Set([code]));
    }
    const adaptive = decodePng(encodePng(px, 37, 23));
    expect(adaptive.rgba).toEqual(px);
    expect(adaptive.filterTypes.some((t) => t !== 0)).toBe(true);
  });

  it('filterScanlines output matches an independent unfilter for 1- and 3-byte pixels', () => {
    const grey = Uint8Array.from({ length: 13 * 7 }, (_, i) => (i * i) & 255);
    const f1 = filterScanlines(grey, 13, 7, 1, 'adaptive');
    expect(f1.length).toBe(7 * 14);
    expect(unfilter(f1, 13, 7, 1).pixels).toEqual(grey);
    const rgb = Uint8Array.from({ length: 9 * 5 * 3 }, (_, i) => (i * 31) & 255);
    expect(unfilter(filterScanlines(rgb, 9, 5, 3, 'paeth'), 27, 5, 3).pixels).toEqual(rgb);
  });

  it('compresses smooth images well and rejects bad sizes', () => {
    const w = 256, h = 256;
    const px = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) px.set([i % w, (i / w) | 0, 128, 255], 4 * i);
    expect(encodePng(px, w, h).length).toBeLessThan(px.length / 20);
    expect(() => encodePng(SMALL, 2, 2)).toThrow(RangeError);
    expect(() => encodePng(new Uint8Array(0), 0, 0)).toThrow(RangeError);
    expect(() => encodePng(SMALL, 1.5, 4)).toThrow(RangeError);
  });
});
