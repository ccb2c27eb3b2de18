import { describe, expect, it } from 'vitest';
import { compositeAdditive } from '../../../src/shared/figure/index.js';
import { layersToRgba, layersToRgbaRows, overlayColor, type Layer } from '../../../src/renderer/src/viewer/layers.js';
import { SlicedRgba, snapshotLayers } from '../../../src/renderer/src/viewer/rgba-job.js';
import { rng } from '../helpers.js';

function randomLayers(w: number, h: number, seed: number): Layer[] {
  const r = rng(seed);
  const mk = (name: string, extra: Partial<Layer>): Layer => {
    const data = new Float32Array(w * h);
    for (let i = 0; i < data.length; i++) data[i] = r() < 0.05 ? Number.NaN : r() * 12 - 1;
    return { name, data, width: w, height: h, visible: true, lo: 0, hi: 10, gamma: 1, ...extra };
  };
  return [
    mk('A', { gamma: 0.7 }), mk('B', { lo: 8, hi: 2 }), mk('C', { lo: 5, hi: 5, color: [10, 200, 30] }),
    mk('D', { gamma: 2.2, colormap: 'magma' }), mk('E', { visible: false }),
  ];
}

describe('overlay fast path', () => {
  it('is byte for byte compositeAdditive (gamma, inverted and step windows, hidden layers), NaN-only pixels transparent', () => {
    const layers = randomLayers(37, 23, 5);
    const got = layersToRgba(layers, 'overlay');
    const ref = compositeAdditive(
      layers.map((l, i) => ({ name: l.name, values: l.data, color: overlayColor(l, i), lo: l.lo, hi: l.hi, gamma: l.gamma, visible: l.visible })),
      37 * 23,
    );
    const visible = layers.filter((l) => l.visible);
    for (let i = 0; i < 37 * 23; i++) {
      const allNaN = visible.every((l) => Number.isNaN(l.data[i]!));
      if (allNaN) {
        expect(Array.from(got.subarray(4 * i, 4 * i + 4))).toEqual([0, 0, 0, 0]);
      } else {
        expect(Array.from(got.subarray(4 * i, 4 * i + 4))).toEqual(Array.from(ref.subarray(4 * i, 4 * i + 4)));
      }
    }
  });

  it('converting row slices gives the same bytes as the whole image', () => {
    const layers = randomLayers(19, 31, 9);
    for (const mode of ['single', 'overlay'] as const) {
      const whole = layersToRgba(layers, mode);
      const sliced = new Uint8Array(whole.length);
      for (const [a, b] of [[0, 4], [4, 5], [5, 20], [20, 31]] as const) layersToRgbaRows(layers, mode, sliced, a, b);
      expect(sliced).toEqual(whole);
    }
  });
});

describe('SlicedRgba', () => {
  it('spreads a conversion over steps by the clock and returns the finished image', () => {
    let t = 0;
    const job = new SlicedRgba(5, () => (t += 2), 19 * 4); // 4 rows per chunk; each clock read is 2 ms later
    const layers = randomLayers(19, 31, 2);
    job.request(layers, 'overlay');
    expect(job.busy).toBe(true);
    const steps: (Uint8Array | null)[] = [];
    for (let k = 0; k < 20 && job.busy; k++) steps.push(job.step()?.rgba ?? null);
    // 8 chunks, 3 per step (2, 4, 6 ms after the step's start): done on the third step.
    expect(steps.map((s) => s !== null)).toEqual([false, false, true]);
    expect(steps[2]).toEqual(layersToRgba(layers, 'overlay'));
  });

  it("coalesces requests that arrive mid-conversion; later edits to the caller's layers do not tear it", () => {
    let t = 0;
    const job = new SlicedRgba(1, () => (t += 1), 19); // one row per chunk, one chunk per step
    const a = randomLayers(19, 8, 3);
    const b = randomLayers(19, 8, 4);
    const c = randomLayers(19, 8, 6);
    const expectA = layersToRgba(a, 'single');
    job.request(a, 'single');
    job.step();
    job.request(b, 'single');
    job.request(c, 'single'); // replaces b
    a[0]!.data = new Float32Array(19 * 8); // the caller moves on; the running conversion keeps its snapshot
    const results: Uint8Array[] = [];
    for (let k = 0; k < 40 && job.busy; k++) {
      const r = job.step();
      if (r) results.push(r.rgba.slice());
    }
    expect(results).toHaveLength(2);
    expect(results[0]).toEqual(expectA);
    expect(results[1]).toEqual(layersToRgba(c, 'single'));
  });

  it('rejects invalid layers at once', () => {
    const job = new SlicedRgba();
    const bad = randomLayers(4, 4, 1);
    bad[0]!.gamma = 0;
    expect(() => job.request(bad, 'overlay')).toThrow(RangeError);
    expect(job.busy).toBe(false);
    expect(snapshotLayers(randomLayers(2, 2, 1))[2]!.color).toEqual([10, 200, 30]);
  });
});
