import { describe, expect, it } from 'vitest';
import { chooseScaleBar, metresPerUnit } from '../../../src/shared/figure/index.js';

describe('chooseScaleBar', () => {
  it('picks 1/2/5 x 10^k closest to 20 % of the width, exactly in pixels', () => {
    expect(chooseScaleBar(1024, 0.1, 'nm')).toEqual({ lengthPx: 200, value: 20, unit: 'nm', label: '20 nm', lengthMetres: 2e-8, fraction: 200 / 1024 });
    expect(chooseScaleBar(1024, 0.5, 'nm')).toMatchObject({ lengthPx: 200, label: '100 nm' });
    expect(chooseScaleBar(512, 0.0123, 'nm')).toMatchObject({ label: '1 nm', value: 1 });
    expect(chooseScaleBar(512, 0.0123, 'nm')!.lengthPx).toBeCloseTo(1 / 0.0123, 10);
  });

  it('switches units so the number stays within 1..999 (µ and Å as in WinAnsi)', () => {
    expect(chooseScaleBar(2048, 5, 'nm')).toMatchObject({ label: '2 \u00B5m', unit: '\u00B5m', value: 2, lengthPx: 400 });
    expect(chooseScaleBar(1000, 1, 'um')).toMatchObject({ label: '200 \u00B5m', lengthPx: 200 });
    expect(chooseScaleBar(256, 0.0123, 'nm')).toMatchObject({ label: '5 \u00C5', unit: '\u00C5', value: 5 });
    expect(chooseScaleBar(256, 0.0123, 'nm', { angstrom: false })).toMatchObject({ label: '500 pm', unit: 'pm' });
    expect(chooseScaleBar(1000, 0.01, 'mm')).toMatchObject({ label: '2 mm', lengthPx: 200 });
    expect(chooseScaleBar(500, 1e-3, 'nm')).toMatchObject({ label: '1 \u00C5', lengthPx: 100 });
    expect(chooseScaleBar(500, 1e-3, 'nm', { angstrom: false })).toMatchObject({ label: '100 pm', lengthPx: 100 });
  });

  it('accepts the pixel size in metres and other spellings of the unit', () => {
    const bar = chooseScaleBar(1024, 1e-10)!;
    expect(bar.label).toBe('20 nm');
    expect(bar.lengthPx).toBeCloseTo(200, 9);
    for (const u of ['\u00B5m', '\u03BCm', 'um']) expect(chooseScaleBar(2048, 0.005, u)!.label).toBe('2 \u00B5m');
    for (const u of ['\u00C5', '\u212B', 'A', 'angstrom']) expect(chooseScaleBar(1024, 1, u)!.label).toBe('20 nm');
    expect(metresPerUnit('nm')).toBe(1e-9);
    expect(metresPerUnit('1/nm')).toBeNull();
  });

  it('falls back to the candidate nearest 20 % (log ratio) when none lies within 15–25 %', () => {
    // 7.5 nm wide: 1 nm = 13.3 %, 2 nm = 26.7 %; 2 nm is nearer in log ratio.
    const bar = chooseScaleBar(750, 0.01, 'nm')!;
    expect(bar.label).toBe('2 nm');
    expect(bar.lengthPx).toBeCloseTo(200, 9);
    expect(bar.fraction).toBeCloseTo(0.26667, 4);
  });

  it('respects a custom fraction range', () => {
    expect(chooseScaleBar(1000, 1, 'nm', { target: 0.1, min: 0.05, max: 0.15 })!.label).toBe('100 nm');
  });

  it('returns null when the scale is unknown rather than inventing one', () => {
    for (const p of [null, undefined, 0, -1, NaN, Infinity]) expect(chooseScaleBar(512, p, 'nm')).toBeNull();
    for (const u of ['1/nm', 'px', '', 'pixel']) expect(chooseScaleBar(512, 0.1, u)).toBeNull();
    expect(chooseScaleBar(0, 0.1, 'nm')).toBeNull();
  });
});
