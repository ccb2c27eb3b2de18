import { describe, expect, it } from 'vitest';
import { chooseScaleBar, colormapLut, rgbHex } from '../../../src/shared/figure/index.js';
import {
  colorBarGradient, colorBarTicks, formatReadout, formatValue, positionUnit, viewScaleBar,
} from '../../../src/renderer/src/viewer/readout.js';

describe('cursor readout', () => {
  it('formats values with about three significant digits', () => {
    expect(formatValue(3.2149)).toBe('3.21');
    expect(formatValue(32.149)).toBe('32.1');
    expect(formatValue(0.0321)).toBe('0.0321');
    expect(formatValue(-7.25)).toBe('-7.25');
    expect(formatValue(1234)).toBe('1234');
    expect(formatValue(1234.56)).toBe('1235');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(2.5e7)).toBe('2.50e+7');
    expect(formatValue(1.5e-5)).toBe('1.50e-5');
    expect(formatValue(Number.NaN)).toBe('NaN');
  });

  it('picks a position unit from the image extent and decimals from the pixel size', () => {
    expect(positionUnit(25.6e-9, 0.2e-9)).toEqual({ unit: 'nm', perMetre: 1e9, decimals: 1 });
    expect(positionUnit(2.56e-6, 2e-9).unit).toBe('µm');
    expect(positionUnit(2.56e-6, 2e-9).decimals).toBe(3);
    expect(positionUnit(0.5e-9, 0.01e-9).unit).toBe('pm');
  });

  it('reads "x 12.3 nm, y 4.5 nm · Co 3.2 · O 1.1"', () => {
    const base = { width: 128, height: 128, pixelSize: 0.1e-9 };
    expect(formatReadout({ ...base, x: 123.4, y: 45.2, values: [{ name: 'Co', value: 3.2 }, { name: 'O', value: 1.1 }] }))
      .toBe('x 12.3 nm, y 4.5 nm · Co 3.20 · O 1.10');
    expect(formatReadout({ ...base, x: 1, y: 2, values: [{ name: 'HAADF', value: 812 }], unit: 'counts' }))
      .toBe('x 0.1 nm, y 0.2 nm · HAADF 812 counts');
    expect(formatReadout({ ...base, pixelSize: null, x: 12.7, y: 3.2, values: [] })).toBe('x 12 px, y 3 px');
  });
});

describe('view scale bar', () => {
  it('is a nice length about a fifth of the view, from chooseScaleBar over the visible width', () => {
    const bar = viewScaleBar(600, 3, 0.2e-9)!; // 200 px visible = 40 nm
    const expected = chooseScaleBar(200, 0.2e-9, 'm')!;
    expect(bar.label).toBe(expected.label);
    expect(bar.label).toBe('10 nm');
    expect(bar.screenLength).toBeCloseTo(150); // 50 px × 3
    expect(bar.screenLength / 600).toBeGreaterThanOrEqual(0.15);
    expect(bar.screenLength / 600).toBeLessThanOrEqual(0.25);
  });

  it('follows the zoom', () => {
    expect(viewScaleBar(600, 12, 0.2e-9)!.label).toBe('2 nm');
    expect(viewScaleBar(600, 0.3, 0.2e-9)!.label).toBe('100 nm');
    expect(viewScaleBar(600, 0.003, 0.2e-9)!.label).toBe('10 µm');
  });

  it('is null without a usable pixel size or view', () => {
    expect(viewScaleBar(600, 3, null)).toBeNull();
    expect(viewScaleBar(600, 3, 0)).toBeNull();
    expect(viewScaleBar(0, 3, 1e-9)).toBeNull();
  });
});

describe('colour bar', () => {
  it('gradient runs from the LUT start to its end, bent by gamma', () => {
    const lut = colormapLut('viridis');
    const g = colorBarGradient(lut, 1, 3);
    expect(g).toBe(`linear-gradient(to top, ${rgbHex([68, 1, 84])} 0.00%, ${rgbHex([33, 145, 140])} 50.00%, ${rgbHex([253, 231, 37])} 100.00%)`);
    // gamma 2: the middle of the bar is the colour of t = 0.25.
    expect(colorBarGradient(colormapLut('grey'), 2, 3)).toContain('#404040 50.00%');
  });

  it('ticks carry their fraction along the bar', () => {
    expect(colorBarTicks(0, 40)).toEqual([
      { value: 0, label: '0', fraction: 0 }, { value: 10, label: '10', fraction: 0.25 },
      { value: 20, label: '20', fraction: 0.5 }, { value: 30, label: '30', fraction: 0.75 }, { value: 40, label: '40', fraction: 1 },
    ]);
    expect(colorBarTicks(1, 1)).toEqual([]);
  });
});
