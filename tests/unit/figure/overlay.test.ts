import { describe, expect, it } from 'vitest';
import { ELEMENT_COLORS, compositeAdditive, overlayLegend, type OverlayChannel } from '../../../src/shared/figure/index.js';

const ch = (name: string, values: number[], color: readonly [number, number, number], extra: Partial<OverlayChannel> = {}): OverlayChannel => ({
  name, values: Float32Array.from(values), color, lo: 0, hi: 1, gamma: 1, visible: true, ...extra,
});
const pixels = (rgba: Uint8Array): number[][] => Array.from({ length: rgba.length / 4 }, (_, i) => Array.from(rgba.subarray(4 * i, 4 * i + 4)));

describe('compositeAdditive', () => {
  it('adds t * colour per channel, rounds, and treats NaN as no signal', () => {
    const out = compositeAdditive([ch('Fe', [0, 0.5, 1], ELEMENT_COLORS.red), ch('O', [1, 0.5, NaN], ELEMENT_COLORS.green)], 3);
    expect(pixels(out)).toEqual([[0, 255, 0, 255], [128, 128, 0, 255], [255, 0, 0, 255]]);
  });

  it('clamps the sum at 255 per component', () => {
    const out = compositeAdditive([ch('a', [1, 0.8], ELEMENT_COLORS.red), ch('b', [1, 0.8], ELEMENT_COLORS.orange)], 2);
    // pixel 1: r = 0.8*255 + 0.8*255 = 408 → 255; g = 0.8*165 = 132
    expect(pixels(out)).toEqual([[255, 165, 0, 255], [255, 132, 0, 255]]);
  });

  it('honours each channel’s window, gamma and visibility', () => {
    const out = compositeAdditive([
      ch('Fe', [10, 20, 30], ELEMENT_COLORS.red, { lo: 10, hi: 30 }),
      ch('O', [0.25, 0.25, 0.25], ELEMENT_COLORS.blue, { gamma: 0.5 }),
      ch('hidden', [1, 1, 1], ELEMENT_COLORS.green, { visible: false }),
    ], 3);
    expect(pixels(out)).toEqual([[0, 0, 128, 255], [128, 0, 128, 255], [255, 0, 128, 255]]);
  });

  it('is opaque black with nothing visible, and validates sizes', () => {
    expect(pixels(compositeAdditive([], 2))).toEqual([[0, 0, 0, 255], [0, 0, 0, 255]]);
    expect(() => compositeAdditive([ch('a', [1, 2], ELEMENT_COLORS.red)], 3)).toThrow(RangeError);
    expect(() => compositeAdditive([ch('a', [1], ELEMENT_COLORS.red, { gamma: -1 })], 1)).toThrow(RangeError);
  });
});

describe('overlayLegend', () => {
  it('lists visible channels with their colours, in order', () => {
    const legend = overlayLegend([
      ch('Fe K', [], ELEMENT_COLORS.red),
      ch('Ni K', [], ELEMENT_COLORS.green, { visible: false }),
      ch('O K', [], ELEMENT_COLORS.cyan),
    ]);
    expect(legend).toEqual([{ name: 'Fe K', color: [255, 0, 0] }, { name: 'O K', color: [0, 255, 255] }]);
  });
});
