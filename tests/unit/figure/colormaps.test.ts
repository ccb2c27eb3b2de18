import { describe, expect, it } from 'vitest';
import {
  COLORMAP_NAMES, ELEMENT_COLORS, LUT_BYTES, applyColormap, colormapLut, lutColor, rgbHex, singleHueLut,
} from '../../../src/shared/figure/index.js';

// Float anchors copied from matplotlib 3.6.3 lib/matplotlib/_cm_listed.py (entries 0, 64, 128, 192, 255).
const ANCHORS: Record<'viridis' | 'magma' | 'inferno' | 'cividis', Record<number, [number, number, number]>> = {
  viridis: { 0: [0.267004, 0.004874, 0.329415], 64: [0.229739, 0.322361, 0.545706], 128: [0.127568, 0.566949, 0.550556], 192: [0.369214, 0.788888, 0.382914], 255: [0.993248, 0.906157, 0.143936] },
  magma: { 0: [0.001462, 0.000466, 0.013866], 64: [0.316654, 0.07169, 0.48538], 128: [0.716387, 0.214982, 0.47529], 192: [0.9867, 0.535582, 0.38221], 255: [0.987053, 0.991438, 0.749504] },
  inferno: { 0: [0.001462, 0.000466, 0.013866], 64: [0.3415, 0.062325, 0.429425], 128: [0.735683, 0.215906, 0.330245], 192: [0.978422, 0.557937, 0.034931], 255: [0.988362, 0.998364, 0.644924] },
  cividis: { 0: [0.0, 0.135112, 0.304751], 64: [0.263738, 0.307831, 0.422789], 128: [0.488697, 0.485318, 0.471008], 192: [0.736488, 0.680629, 0.424028], 255: [0.995737, 0.909344, 0.217772] },
};

describe('colour-map LUTs', () => {
  it('every named map is 256 x RGB', () => {
    expect(COLORMAP_NAMES).toEqual(['viridis', 'magma', 'inferno', 'cividis', 'grey', 'red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'orange']);
    for (const name of COLORMAP_NAMES) expect(colormapLut(name).length).toBe(LUT_BYTES);
  });

  it('perceptual maps are matplotlib _cm_listed rounded to the nearest byte', () => {
    for (const [name, anchors] of Object.entries(ANCHORS)) {
      const lut = colormapLut(name as keyof typeof ANCHORS);
      for (const [i, rgb] of Object.entries(anchors)) {
        const got = lutColor(lut, Number(i));
        expect(got).toEqual(rgb.map((c) => Math.round(c * 255)));
        for (let k = 0; k < 3; k++) expect(Math.abs(got[k]! - rgb[k]! * 255)).toBeLessThanOrEqual(0.5);
      }
    }
    expect(lutColor(colormapLut('viridis'), 0)).toEqual([68, 1, 84]);
    expect(lutColor(colormapLut('viridis'), 255)).toEqual([253, 231, 37]);
    expect(lutColor(colormapLut('cividis'), 0)).toEqual([0, 34, 78]);
  });

  it('grey and single-hue maps are linear ramps from black', () => {
    const grey = colormapLut('grey');
    for (let i = 0; i < 256; i++) expect(lutColor(grey, i)).toEqual([i, i, i]);
    const orange = colormapLut('orange');
    expect(lutColor(orange, 0)).toEqual([0, 0, 0]);
    expect(lutColor(orange, 128)).toEqual([128, 83, 0]); // round(165 * 128 / 255) = 83
    expect(lutColor(orange, 255)).toEqual([255, 165, 0]);
    expect(lutColor(colormapLut('cyan'), 255)).toEqual([0, 255, 255]);
    expect(singleHueLut([10, 20, 30]).slice(765)).toEqual(Uint8Array.of(10, 20, 30));
    expect(() => singleHueLut([256, 0, 0])).toThrow(RangeError);
  });

  it('returns copies, so callers cannot corrupt the cache', () => {
    const a = colormapLut('magma');
    a.fill(0);
    expect(lutColor(colormapLut('magma'), 255)).toEqual([252, 253, 191]);
  });

  it('exposes element colours and hex', () => {
    expect(ELEMENT_COLORS.red).toEqual([255, 0, 0]);
    expect(ELEMENT_COLORS.magenta).toEqual([255, 0, 255]);
    expect(rgbHex([255, 165, 0])).toBe('#ffa500');
    expect(() => colormapLut('jet' as never)).toThrow(RangeError);
  });
});

describe('applyColormap', () => {
  const grey = colormapLut('grey');
  const px = (rgba: Uint8Array, i: number): number[] => Array.from(rgba.subarray(4 * i, 4 * i + 4));

  it('maps the window [lo, hi] onto floor(t * 256) with clamping; NaN is transparent', () => {
    const v = Float32Array.of(10, 20, 15, 0, 99, NaN, -Infinity, Infinity, 10 + (10 * 127.5) / 256);
    const out = applyColormap(v, 10, 20, 1, grey);
    expect(out.length).toBe(4 * v.length);
    expect(px(out, 0)).toEqual([0, 0, 0, 255]);
    expect(px(out, 1)).toEqual([255, 255, 255, 255]);
    expect(px(out, 2)).toEqual([128, 128, 128, 255]);
    expect(px(out, 3)).toEqual([0, 0, 0, 255]);
    expect(px(out, 4)).toEqual([255, 255, 255, 255]);
    expect(px(out, 5)).toEqual([0, 0, 0, 0]);
    expect(px(out, 6)).toEqual([0, 0, 0, 255]);
    expect(px(out, 7)).toEqual([255, 255, 255, 255]);
    expect(px(out, 8)).toEqual([127, 127, 127, 255]);
  });

  it('applies display gamma as t ** gamma', () => {
    const out = applyColormap(Float32Array.of(0.25, 0.5), 0, 1, 0.5, grey);
    expect(px(out, 0)).toEqual([128, 128, 128, 255]); // 0.25 ** 0.5 = 0.5
    expect(px(out, 1)[0]).toBe(Math.floor(Math.sqrt(0.5) * 256)); // 181
    const g2 = applyColormap(Float32Array.of(0.5), 0, 1, 2, grey);
    expect(px(g2, 0)[0]).toBe(64);
  });

  it('uses the LUT colour, supports inverted and zero-width windows', () => {
    const viridis = colormapLut('viridis');
    expect(px(applyColormap(Float32Array.of(1), 0, 1, 1, viridis), 0)).toEqual([253, 231, 37, 255]);
    expect(px(applyColormap(Float32Array.of(0, 1), 1, 0, 1, grey), 0)).toEqual([255, 255, 255, 255]);
    const step = applyColormap(Float32Array.of(4.9, 5, 6), 5, 5, 1, grey);
    expect([px(step, 0)[0], px(step, 1)[0], px(step, 2)[0]]).toEqual([0, 255, 255]);
  });

  it('writes into a caller buffer and validates inputs', () => {
    const buf = new Uint8Array(8);
    expect(applyColormap(Float32Array.of(0, 1), 0, 1, 1, grey, buf)).toBe(buf);
    expect(() => applyColormap(Float32Array.of(0), 0, 1, 0, grey)).toThrow(RangeError);
    expect(() => applyColormap(Float32Array.of(0), 0, NaN, 1, grey)).toThrow(RangeError);
    expect(() => applyColormap(Float32Array.of(0), 0, 1, 1, new Uint8Array(256))).toThrow(RangeError);
    expect(() => applyColormap(Float32Array.of(0), 0, 1, 1, grey, new Uint8Array(3))).toThrow(RangeError);
  });
});
