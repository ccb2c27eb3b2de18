import { describe, expect, it } from 'vitest';
import { applyColormap, colormapLut, compositeAdditive, ELEMENT_COLORS, singleHueLut } from '../../../src/shared/figure/index.js';
import {
  AUTO_RANGE_SAMPLES, autoRange, layerLut, layersToRgba, overlayColor, pixelValues, type Layer,
} from '../../../src/renderer/src/viewer/layers.js';

const layer = (name: string, values: number[], extra: Partial<Layer> = {}): Layer => ({
  name, data: Float32Array.from(values), width: 2, height: 2, visible: true, lo: 0, hi: 10, gamma: 1, ...extra,
});
const px = (rgba: Uint8Array, i: number): number[] => Array.from(rgba.subarray(4 * i, 4 * i + 4));

describe('autoRange', () => {
  it('is the 0.5th and 99.5th percentile (numpy linear interpolation)', () => {
    const data = Float32Array.from({ length: 1001 }, (_, i) => i); // 0..1000
    expect(autoRange(data)).toEqual({ lo: 5, hi: 995 });
    const small = Float32Array.from([3, 1, 2]);
    const r = autoRange(small);
    expect(r.lo).toBeCloseTo(1.01);
    expect(r.hi).toBeCloseTo(2.99);
  });

  it('ignores outliers, NaN and infinities', () => {
    const data = new Float32Array(10_000).fill(5);
    for (let i = 0; i < data.length; i++) data[i] = i % 100; // 0..99
    data[17] = 1e9;
    data[18] = -1e9;
    data[19] = Number.NaN;
    data[20] = Number.POSITIVE_INFINITY;
    data[21] = Number.NEGATIVE_INFINITY;
    const { lo, hi } = autoRange(data);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(lo).toBeLessThan(1);
    expect(hi).toBeGreaterThan(98);
    expect(hi).toBeLessThanOrEqual(99);
  });

  it('no finite value → [0, 1]; a constant image → a window around it', () => {
    expect(autoRange(new Float32Array(0))).toEqual({ lo: 0, hi: 1 });
    expect(autoRange(Float32Array.from([Number.NaN, Number.NaN]))).toEqual({ lo: 0, hi: 1 });
    expect(autoRange(new Float32Array(50).fill(8))).toEqual({ lo: 4, hi: 12 });
    expect(autoRange(new Float32Array(50))).toEqual({ lo: -0.5, hi: 0.5 });
  });

  it('samples large arrays and stays close to the exact percentiles', () => {
    const n = 4 * AUTO_RANGE_SAMPLES + 3;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = ((i * 7919) % n) / n; // a permutation of [0, 1)
    const { lo, hi } = autoRange(data);
    expect(lo).toBeCloseTo(0.005, 2);
    expect(hi).toBeCloseTo(0.995, 2);
  });
});

describe('layersToRgba', () => {
  it('single mode draws the first visible layer through its colour map, like applyColormap', () => {
    const a = layer('A', [0, 2.5, 5, 10], { colormap: 'viridis', visible: false });
    const b = layer('B', [0, 2.5, 5, 10], { colormap: 'magma', gamma: 0.5 });
    const rgba = layersToRgba([a, b], 'single');
    expect(rgba).toEqual(applyColormap(b.data, 0, 10, 0.5, colormapLut('magma')));
  });

  it('single mode LUT: colormap, else the colour as a black→colour ramp, else grey', () => {
    expect(layerLut({ colormap: 'cividis' })).toEqual(colormapLut('cividis'));
    expect(layerLut({ color: [255, 0, 255] })).toEqual(singleHueLut([255, 0, 255]));
    expect(layerLut({})).toEqual(colormapLut('grey'));
    expect(() => layerLut({ colormap: 'rainbow' })).toThrow(RangeError);
    const rgba = layersToRgba([layer('Fe', [0, 5, 10, 20], { color: [255, 0, 0] })], 'single');
    expect(px(rgba, 0)).toEqual([0, 0, 0, 255]);
    expect(px(rgba, 2)).toEqual([255, 0, 0, 255]);
    expect(px(rgba, 3)).toEqual([255, 0, 0, 255]); // clipped at hi
  });

  it('single mode: NaN is transparent; no visible layer → all transparent', () => {
    const rgba = layersToRgba([layer('A', [Number.NaN, 1, 2, 3])], 'single');
    expect(px(rgba, 0)).toEqual([0, 0, 0, 0]);
    expect(px(rgba, 1)[3]).toBe(255);
    expect(layersToRgba([layer('A', [1, 2, 3, 4], { visible: false })], 'single')).toEqual(new Uint8Array(16));
  });

  it('overlay mode adds the visible layers in their colours, like compositeAdditive', () => {
    const co = layer('Co', [10, 0, 5, 10]);
    const o = layer('O', [0, 10, 5, 10]);
    const s = layer('S', [10, 10, 10, 10], { color: [0, 0, 255] });
    const rgba = layersToRgba([co, o, s], 'overlay');
    expect(px(rgba, 0)).toEqual([255, 0, 255, 255]);
    expect(px(rgba, 1)).toEqual([0, 255, 255, 255]);
    expect(px(rgba, 2)).toEqual([128, 128, 255, 255]);
    const expected = compositeAdditive(
      [co, o, s].map((l, i) => ({ name: l.name, values: l.data, color: overlayColor(l, i), lo: l.lo, hi: l.hi, gamma: l.gamma, visible: l.visible })),
      4,
    );
    expect(rgba).toEqual(expected);
  });

  it('overlay mode: hidden layers contribute nothing; default colours follow the palette', () => {
    const rgba = layersToRgba([layer('Co', [10, 10, 10, 10], { visible: false }), layer('O', [10, 0, 0, 0])], 'overlay');
    expect(px(rgba, 0)).toEqual([...ELEMENT_COLORS.green, 255]);
    expect(px(rgba, 1)).toEqual([0, 0, 0, 255]);
    expect(overlayColor({}, 0)).toEqual(ELEMENT_COLORS.red);
    expect(overlayColor({}, 9)).toEqual(ELEMENT_COLORS.blue); // wraps after 7
    expect(overlayColor({ color: [1, 2, 3] }, 0)).toEqual([1, 2, 3]);
  });

  it('overlay mode: transparent only where every visible layer is NaN', () => {
    const a = layer('A', [Number.NaN, Number.NaN, 10, 0]);
    const b = layer('B', [Number.NaN, 10, Number.NaN, 0]);
    const hiddenValid = layer('C', [10, 10, 10, 10], { visible: false });
    const rgba = layersToRgba([a, b, hiddenValid], 'overlay');
    expect(px(rgba, 0)).toEqual([0, 0, 0, 0]);
    expect(px(rgba, 1)).toEqual([0, 255, 0, 255]);
    expect(px(rgba, 2)).toEqual([255, 0, 0, 255]);
    expect(px(rgba, 3)).toEqual([0, 0, 0, 255]);
  });

  it('reuses the output buffer and checks sizes', () => {
    const out = new Uint8Array(16);
    expect(layersToRgba([layer('A', [1, 2, 3, 4])], 'single', out)).toBe(out);
    expect(() => layersToRgba([layer('A', [1, 2, 3, 4])], 'single', new Uint8Array(3))).toThrow(RangeError);
    expect(() => layersToRgba([layer('A', [1, 2, 3])], 'single')).toThrow(/3 values/);
    const big: Layer = { ...layer('B', [1, 2, 3, 4]), data: new Float32Array(9), width: 3, height: 3 };
    expect(() => layersToRgba([layer('A', [1, 2, 3, 4]), big], 'overlay')).toThrow(/3 × 3/);
    expect(layersToRgba([], 'overlay')).toEqual(new Uint8Array(0));
  });
});

describe('pixelValues', () => {
  it('single: the shown layer; overlay: every visible layer; row-major', () => {
    const a = layer('A', [1, 2, 3, 4]);
    const b = layer('B', [5, 6, 7, 8]);
    const c = layer('C', [9, 9, 9, 9], { visible: false });
    expect(pixelValues([a, b, c], 'single', 1, 0)).toEqual([{ name: 'A', value: 2 }]);
    expect(pixelValues([a, b, c], 'overlay', 0, 1)).toEqual([{ name: 'A', value: 3 }, { name: 'B', value: 7 }]);
    expect(pixelValues([a], 'single', 2, 0)).toEqual([]);
  });
});
