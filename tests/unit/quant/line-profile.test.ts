import { describe, it, expect } from 'vitest';
import { bilinearSample, lineProfile, profileToCsv } from '../../../src/compute/quant/index.js';
import { createRng } from '../../../src/compute/simulate/random.js';

/** width × height image of f(col, row). */
function image(width: number, height: number, f: (c: number, r: number) => number): Float64Array {
  return Float64Array.from({ length: width * height }, (_, p) => f(p % width, Math.floor(p / width)));
}

const W = 8, H = 6;
const ramp = (c: number, r: number): number => 2 * c + 3 * r + 1;
// the value at pixel coordinates (x, y): pixel centres at +0.5
const rampAt = (x: number, y: number): number => ramp(x - 0.5, y - 0.5);

describe('bilinearSample', () => {
  it('reads pixel values at pixel centres and interpolates linearly between them', () => {
    const img = image(W, H, ramp);
    expect(bilinearSample(img, W, H, 3.5, 2.5)).toBe(ramp(3, 2));
    expect(bilinearSample(img, W, H, 3.9, 2.2)).toBeCloseTo(rampAt(3.9, 2.2), 12);
    expect(bilinearSample(img, W, H, 0.2, 5.9)).toBe(ramp(0, 5)); // within half a pixel of the border: the edge pixel
    expect(bilinearSample(img, W, H, -0.01, 2)).toBeNaN();
    expect(bilinearSample(img, W, H, 3, 6.01)).toBeNaN();
  });
});

describe('lineProfile', () => {
  it('is exact on a linear ramp, for any direction, step and width (symmetric offsets)', () => {
    const img = image(W, H, ramp);
    for (const [step, lineWidth] of [[1, 1], [0.5, 1], [0.7, 3], [1, 2]] as const) {
      const p = lineProfile(img, W, H, { x0: 1.5, y0: 1.5, x1: 6.5, y1: 4.5 }, { step, lineWidth });
      const L = Math.hypot(5, 3);
      expect(p.length).toBeCloseTo(L, 14);
      expect(p.distance).toHaveLength(Math.floor(L / step) + 1);
      for (let k = 0; k < p.distance.length; k++) {
        expect(p.distance[k]).toBeCloseTo(k * step, 12);
        expect(p.x[k]).toBeCloseTo(1.5 + (5 * k * step) / L, 12);
        expect(p.values[0]![k]).toBeCloseTo(rampAt(p.x[k]!, p.y[k]!), 10);
        expect(p.samples[k]).toBe(lineWidth);
      }
    }
  });

  it('includes the end point when the length is a multiple of the step', () => {
    const p = lineProfile(new Float32Array(100), 10, 10, { x0: 1, y0: 1, x1: 4, y1: 5 });
    expect(p.distance).toHaveLength(6);
    expect(p.x[5]).toBeCloseTo(4, 12);
    expect(p.y[5]).toBeCloseTo(5, 12);
    const q = lineProfile(new Float32Array(100), 10, 10, { x0: 1, y0: 1, x1: 1, y1: 1 });
    expect(Array.from(q.distance)).toEqual([0]);
  });

  it('crosses a step edge: 0 | 10 at the pixel centres, 5 half-way between the two middle pixels', () => {
    const img = image(W, 4, (c) => (c < 4 ? 0 : 10));
    const p = lineProfile(img, W, 4, { x0: 0.5, y0: 2.5, x1: 7.5, y1: 2.5 });
    expect(Array.from(p.values[0]!)).toEqual([0, 0, 0, 0, 10, 10, 10, 10]);
    const q = lineProfile(img, W, 4, { x0: 3.5, y0: 2.5, x1: 4.5, y1: 2.5 }, { step: 0.25 });
    expect(Array.from(q.values[0]!)).toEqual([0, 2.5, 5, 7.5, 10]);
    const r = lineProfile(img, W, 4, { x0: 0, y0: 1, x1: 8, y1: 1 }, { step: 8 }); // the image's own edges
    expect(Array.from(r.values[0]!)).toEqual([0, 10]);
  });

  it('samples the width across the line, 1 px apart and centred on it', () => {
    const img = image(6, 6, (c) => c * c); // not linear, so the sample positions show
    const p = lineProfile(img, 6, 6, { x0: 2.5, y0: 0.5, x1: 2.5, y1: 5.5 }, { lineWidth: 3 }); // vertical: width along x
    for (const v of p.values[0]!) expect(v).toBeCloseTo((1 + 4 + 9) / 3, 12);
    const q = lineProfile(img, 6, 6, { x0: 2.5, y0: 0.5, x1: 2.5, y1: 5.5 }, { lineWidth: 2 }); // offsets ±½: x = 2 and 3
    for (const v of q.values[0]!) expect(v).toBeCloseTo((bilinearSample(img, 6, 6, 2, 1) + bilinearSample(img, 6, 6, 3, 1)) / 2, 12);
  });

  it('averaging a noisy image over w = 9 perpendicular samples divides its standard deviation by √9', () => {
    const w = 200, h = 120;
    const rng = createRng(5);
    const noise = Float64Array.from({ length: w * h }, () => rng.normal());
    const narrow: number[] = [], wide: number[] = [];
    for (let row = 10; row < h - 10; row += 10) {
      const line = { x0: 0.5, y0: row + 0.5, x1: w - 0.5, y1: row + 0.5 };
      narrow.push(...lineProfile(noise, w, h, line).values[0]!);
      const p = lineProfile(noise, w, h, line, { lineWidth: 9 });
      wide.push(...p.values[0]!);
      // the samples fall on pixel centres, so each value is exactly the mean of 9 pixels of the column
      let s = 0;
      for (let m = -4; m <= 4; m++) s += noise[(row + m) * w + 7]!;
      expect(p.values[0]![7]).toBeCloseTo(s / 9, 12);
    }
    const sd = (v: number[]): number => {
      const mu = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1));
    };
    // 2200 values per estimate: each SD within ≈ 1.5 % (1 SE), the ratio within ≈ 2 %
    expect(sd(narrow) / sd(wide)).toBeGreaterThan(3 * 0.94);
    expect(sd(narrow) / sd(wide)).toBeLessThan(3 * 1.06);
  });

  it('profiles every image of a stack and marks samples outside the image NaN', () => {
    const a = image(4, 4, (c) => c), b = image(4, 4, (_, r) => 10 * r);
    const p = lineProfile(Float64Array.from([...a, ...b]), 4, 4, { x0: 1.5, y0: 1.5, x1: 6.5, y1: 1.5 });
    expect(p.values).toHaveLength(2);
    expect(Array.from(p.values[0]!)).toEqual([1, 2, 3, NaN, NaN, NaN]); // x = 1.5 … 6.5; the image ends at x = 4
    expect(Array.from(p.values[1]!)).toEqual([10, 10, 10, NaN, NaN, NaN]);
    expect(Array.from(p.samples)).toEqual([1, 1, 1, 0, 0, 0]);
    // a wide line partly outside averages only the samples inside
    const q = lineProfile(a, 4, 4, { x0: 0.5, y0: 0.5, x1: 3.5, y1: 0.5 }, { lineWidth: 3 });
    expect(Array.from(q.samples)).toEqual([2, 2, 2, 2]);
  });

  it('scales distances by the pixel size', () => {
    const p = lineProfile(new Float32Array(400), 20, 20, { x0: 0, y0: 0, x1: 6, y1: 8 }, { pixelSize: 0.25, unit: 'nm', step: 2 });
    expect(Array.from(p.distance)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(p.calibrated!.unit).toBe('nm');
    expect(Array.from(p.calibrated!.distance)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(lineProfile(new Float32Array(400), 20, 20, { x0: 0, y0: 0, x1: 6, y1: 8 }).calibrated).toBeUndefined();
  });

  it('rejects bad arguments', () => {
    const img = new Float32Array(16);
    const line = { x0: 0, y0: 0, x1: 3, y1: 3 };
    expect(() => lineProfile(new Float32Array(15), 4, 4, line)).toThrow(RangeError);
    expect(() => lineProfile(img, 4, 4, line, { step: 0 })).toThrow(RangeError);
    expect(() => lineProfile(img, 4, 4, line, { lineWidth: 1.5 })).toThrow(RangeError);
    expect(() => lineProfile(img, 4, 4, line, { pixelSize: -1 })).toThrow(RangeError);
    expect(() => lineProfile(img, 4, 4, { ...line, x1: Number.NaN })).toThrow(RangeError);
  });
});

describe('profileToCsv', () => {
  it('writes distance columns then one column per image, NaN as an empty field, quoting names as RFC 4180 says', () => {
    const a = image(4, 1, (c) => c / 4);
    const p = lineProfile(Float64Array.from([...a, ...a]), 4, 1, { x0: 2.5, y0: 0.5, x1: 4.5, y1: 0.5 }, { pixelSize: 0.5, unit: 'nm' });
    expect(profileToCsv(p, ['Ga', 'c "O", raw'])).toBe(
      'distance_px,distance_nm,Ga,"c ""O"", raw"\n' +
      '0,0,0.5,0.5\n' +
      '1,0.5,0.75,0.75\n' +
      '2,1,,\n',
    );
    const q = lineProfile(a, 4, 1, { x0: 0.5, y0: 0.5, x1: 1.5, y1: 0.5 });
    expect(profileToCsv(q, ['x'])).toBe('distance_px,x\n0,0\n1,0.25\n');
    expect(() => profileToCsv(q, ['x', 'y'])).toThrow(RangeError);
  });
});
