import { describe, it, expect } from 'vitest';
import { ssim, ssimMap } from '../../../src/compute/metrics/index.js';
import { createRng } from '../../../src/compute/simulate/random.js';
import { pattern } from './pattern.js';

describe('ssim', () => {
  it('is 1 for identical images', () => {
    const a = pattern(32, 24);
    expect(ssim(a, a, 32, 24)).toBeCloseTo(1, 12);
  });

  it('matches the hand-computed value for one 11×11 window: an impulse against twice the impulse', () => {
    const ref = new Float32Array(121);
    ref[60] = 1; // centre; L = 1 → C1 = 1e-4, C2 = 9e-4
    const x = ref.map((v) => 2 * v);
    let s1 = 0;
    for (let k = -5; k <= 5; k++) s1 += Math.exp(-(k * k) / (2 * 1.5 * 1.5));
    const wc = 1 / (s1 * s1); // Gaussian weight of the centre pixel
    const v = wc - wc * wc; // σ_ref² (σ_x² = 4v, σ_x,ref = 2v)
    const mr = wc, mx = 2 * wc;
    const want = ((2 * mr * mx + 1e-4) * (4 * v + 9e-4)) / ((mr * mr + mx * mx + 1e-4) * (5 * v + 9e-4));
    expect(want).toBeCloseTo(0.6410737539, 9);
    expect(ssim(x, ref, 11, 11)).toBeCloseTo(want, 9);
    const { map, width, height } = ssimMap(x, ref, 11, 11);
    expect([map.length, width, height]).toEqual([1, 1, 1]);
  });

  it('matches a direct (non-separable) evaluation of Wang et al. eq. 13 on a small image', () => {
    const W = 15, H = 13;
    const ref = pattern(W, H);
    const rng = createRng(4);
    const x = ref.map((v) => v + 0.1 * rng.normal());
    const L = Math.max(...ref) - Math.min(...ref);
    const c1 = (0.01 * L) ** 2, c2 = (0.03 * L) ** 2;
    let total = 0, windows = 0;
    for (let cy = 5; cy < H - 5; cy++) {
      for (let cx = 5; cx < W - 5; cx++) {
        let ws = 0, mx = 0, my = 0;
        for (let dy = -5; dy <= 5; dy++) for (let dx = -5; dx <= 5; dx++) ws += Math.exp(-(dx * dx + dy * dy) / 4.5);
        const at = (a: Float32Array, dx: number, dy: number): number => a[(cy + dy) * W + cx + dx]!;
        for (let dy = -5; dy <= 5; dy++) for (let dx = -5; dx <= 5; dx++) {
          const w = Math.exp(-(dx * dx + dy * dy) / 4.5) / ws;
          mx += w * at(x, dx, dy);
          my += w * at(ref, dx, dy);
        }
        let vx = 0, vy = 0, cxy = 0;
        for (let dy = -5; dy <= 5; dy++) for (let dx = -5; dx <= 5; dx++) {
          const w = Math.exp(-(dx * dx + dy * dy) / 4.5) / ws;
          vx += w * (at(x, dx, dy) - mx) ** 2;
          vy += w * (at(ref, dx, dy) - my) ** 2;
          cxy += w * (at(x, dx, dy) - mx) * (at(ref, dx, dy) - my);
        }
        total += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        windows++;
      }
    }
    expect(windows).toBe(5 * 3);
    expect(ssim(x, ref, W, H)).toBeCloseTo(total / windows, 9);
  });

  it('lies in (0, 1) for noisy copies and falls as the noise grows', () => {
    const W = 48, H = 40;
    const ref = pattern(W, H);
    const rng = createRng(9);
    const noise = Float32Array.from({ length: W * H }, () => rng.normal());
    const values = [0.02, 0.05, 0.1, 0.2, 0.5].map((sigma) => ssim(ref.map((v, k) => v + sigma * noise[k]!), ref, W, H));
    for (const v of values) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    }
    for (let k = 1; k < values.length; k++) expect(values[k]!).toBeLessThan(values[k - 1]!);
    expect(values[0]!).toBeGreaterThan(0.9);
    expect(values[4]!).toBeLessThan(0.5);
  });

  it('uses the given data range and rejects images smaller than the window', () => {
    const ref = pattern(16, 16);
    const x = ref.map((v) => v + 0.05);
    expect(ssim(x, ref, 16, 16, { dataRange: 100 })).toBeGreaterThan(ssim(x, ref, 16, 16)); // larger C1 → offset matters less
    expect(() => ssim(new Float32Array(100), new Float32Array(100), 10, 10)).toThrow(RangeError);
    expect(() => ssim(new Float32Array(100), new Float32Array(100), 20, 20)).toThrow(RangeError);
  });
});
