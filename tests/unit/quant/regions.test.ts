import { describe, it, expect } from 'vitest';
import { ellipseMask, pointMask, polygonMask, rectangleMask, regionMask, type MaskResult } from '../../../src/compute/quant/index.js';

/** The (col, row) pairs of a mask, row-major. */
function pixels(r: MaskResult, width: number): [number, number][] {
  if (!r.ok) throw new Error(r.error);
  const out: [number, number][] = [];
  r.mask.forEach((v, p) => { if (v) out.push([p % width, Math.floor(p / width)]); });
  expect(r.count).toBe(out.length);
  return out;
}

describe('pointMask', () => {
  it('selects the one pixel containing (x, y): pixel (col, row) is [col, col+1) × [row, row+1)', () => {
    expect(pixels(pointMask({ x: 2.7, y: 1.2 }, 4, 3), 4)).toEqual([[2, 1]]);
    expect(pixels(pointMask({ x: 3, y: 2 }, 4, 3), 4)).toEqual([[3, 2]]); // integer coordinates are the pixel's top-left corner
    expect(pixels(pointMask({ x: 0, y: 0 }, 4, 3), 4)).toEqual([[0, 0]]);
  });

  it('is an error value outside the image or for non-finite coordinates', () => {
    for (const [x, y] of [[4, 0], [0, 3], [-0.01, 1], [1, Number.NaN]] as const) {
      const r = pointMask({ x, y }, 4, 3);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
    }
  });

  it('rejects an invalid image size (a programming error) by throwing', () => {
    expect(() => pointMask({ x: 0, y: 0 }, 0, 3)).toThrow(RangeError);
    expect(() => pointMask({ x: 0, y: 0 }, 2.5, 3)).toThrow(RangeError);
  });
});

describe('rectangleMask', () => {
  it('covers the pixels whose centres lie in [x0, x1) × [y0, y1), corners in either order', () => {
    expect(pixels(rectangleMask({ x0: 1, y0: 1, x1: 3, y1: 2 }, 5, 4), 5)).toEqual([[1, 1], [2, 1]]);
    expect(pixels(rectangleMask({ x0: 3, y0: 2, x1: 1, y1: 1 }, 5, 4), 5)).toEqual([[1, 1], [2, 1]]);
    // centres 1.5 and 2.5 lie in [1.4, 2.6); 3.5 does not
    expect(pixels(rectangleMask({ x0: 1.4, y0: 0.2, x1: 2.6, y1: 0.9 }, 5, 4), 5)).toEqual([[1, 0], [2, 0]]);
    expect(pixels(rectangleMask({ x0: 0, y0: 0, x1: 5, y1: 4 }, 5, 4), 5)).toHaveLength(20);
  });

  it('clips to the image, and rectangles sharing an edge share no pixel', () => {
    expect(pixels(rectangleMask({ x0: -10, y0: -10, x1: 2, y1: 100 }, 5, 4), 5)).toHaveLength(8);
    const a = rectangleMask({ x0: 0, y0: 0, x1: 2.5, y1: 4 }, 5, 4);
    const b = rectangleMask({ x0: 2.5, y0: 0, x1: 5, y1: 4 }, 5, 4);
    if (!a.ok || !b.ok) throw new Error('expected masks');
    expect(a.mask.every((v, p) => v + b.mask[p]! === 1)).toBe(true);
    expect([a.count, b.count]).toEqual([8, 12]); // the centre x = 2.5 is on the shared edge: in b = [2.5, 5), not in a = [0, 2.5)
  });

  it('is an error value when it holds no pixel centre', () => {
    expect(rectangleMask({ x0: 6, y0: 0, x1: 9, y1: 4 }, 5, 4).ok).toBe(false); // right of the image
    expect(rectangleMask({ x0: 1.6, y0: 0, x1: 2.4, y1: 4 }, 5, 4).ok).toBe(false); // between two centres
    expect(rectangleMask({ x0: 1, y0: 1, x1: 1, y1: 3 }, 5, 4).ok).toBe(false); // zero width
    expect(rectangleMask({ x0: 1, y0: 1, x1: Number.POSITIVE_INFINITY, y1: 3 }, 5, 4).ok).toBe(false);
  });
});

describe('ellipseMask', () => {
  it('a unit circle on a pixel centre holds that pixel and its 4 neighbours (boundary included)', () => {
    expect(pixels(ellipseMask({ cx: 2.5, cy: 2.5, rx: 1, ry: 1 }, 5, 5), 5)).toEqual([[2, 1], [1, 2], [2, 2], [3, 2], [2, 3]]);
  });

  it('rotation turns the rx axis from +x towards +y', () => {
    expect(pixels(ellipseMask({ cx: 2.5, cy: 2.5, rx: 2, ry: 0.5 }, 5, 5), 5)).toEqual([[0, 2], [1, 2], [2, 2], [3, 2], [4, 2]]);
    expect(pixels(ellipseMask({ cx: 2.5, cy: 2.5, rx: 2, ry: 0.5, rotation: Math.PI / 2 }, 5, 5), 5)).toEqual([[2, 0], [2, 1], [2, 2], [2, 3], [2, 4]]);
    // π/4 with y down: the long axis runs top-left → bottom-right; |offset| = k√2 ≤ 3 for k ≤ 2
    expect(pixels(ellipseMask({ cx: 2.5, cy: 2.5, rx: 3, ry: 0.3, rotation: Math.PI / 4 }, 5, 5), 5)).toEqual([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]);
  });

  it('a large circle holds ≈ πr² pixels, a quarter of it when centred on the image corner', () => {
    const full = ellipseMask({ cx: 50, cy: 50, rx: 40, ry: 40 }, 100, 100);
    const corner = ellipseMask({ cx: 0, cy: 0, rx: 40, ry: 40 }, 100, 100);
    if (!full.ok || !corner.ok) throw new Error('expected masks');
    expect(Math.abs(full.count / (Math.PI * 1600) - 1)).toBeLessThan(0.01);
    expect(Math.abs(corner.count / ((Math.PI * 1600) / 4) - 1)).toBeLessThan(0.03);
  });

  it('is an error value for non-positive radii or when it holds no centre', () => {
    expect(ellipseMask({ cx: 2, cy: 2, rx: 0, ry: 1 }, 5, 5).ok).toBe(false);
    expect(ellipseMask({ cx: 2, cy: 2, rx: 0.3, ry: 0.3 }, 5, 5).ok).toBe(false); // nearest centre is 0.71 away
    expect(ellipseMask({ cx: -5, cy: 2, rx: 2, ry: 2 }, 5, 5).ok).toBe(false);
  });
});

describe('polygonMask', () => {
  it('an axis-aligned rectangle polygon gives the rectangle mask', () => {
    const poly = polygonMask({ points: [[1, 1], [4, 1], [4, 3], [1, 3]] }, 6, 5);
    const rect = rectangleMask({ x0: 1, y0: 1, x1: 4, y1: 3 }, 6, 5);
    if (!poly.ok || !rect.ok) throw new Error('expected masks');
    expect(poly.mask).toEqual(rect.mask);
    expect(poly.count).toBe(6);
  });

  it('a right triangle holds the centres strictly left of its hypotenuse (a right edge)', () => {
    // centres (c+½, r+½) with x + y < 4 → c + r ≤ 2
    expect(pixels(polygonMask({ points: [[0, 0], [4, 0], [0, 4]] }, 4, 4), 4)).toEqual([[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [0, 2]]);
    // the same triangle traced the other way round gives the same pixels
    expect(pixels(polygonMask({ points: [[0, 4], [4, 0], [0, 0]] }, 4, 4), 4)).toHaveLength(6);
  });

  it('fills a doubly wound outline under nonzero and leaves it empty under even-odd', () => {
    const twice: [number, number][] = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0], [4, 0], [4, 4], [0, 4]];
    const nz = polygonMask({ points: twice, fillRule: 'nonzero' }, 6, 6);
    expect(nz.ok && nz.count).toBe(16);
    expect(polygonMask({ points: twice, fillRule: 'evenodd' }, 6, 6).ok).toBe(false);
  });

  it('a self-intersecting pentagram has a hollow centre under even-odd only', () => {
    const star: [number, number][] = [0, 2, 4, 1, 3].map((k) => {
      const a = -Math.PI / 2 + (2 * Math.PI * k) / 5;
      return [50 + 45 * Math.cos(a), 50 + 45 * Math.sin(a)];
    });
    const eo = regionMask({ kind: 'polygon', points: star }, 100, 100);
    const nz = regionMask({ kind: 'polygon', points: star, fillRule: 'nonzero' }, 100, 100);
    if (!eo.ok || !nz.ok) throw new Error('expected masks');
    const centre = 50 * 100 + 50;
    expect([eo.mask[centre], nz.mask[centre]]).toEqual([0, 1]);
    // areas: the inner pentagon has circumradius R·sin(18°)/sin(126°); pentagon area = (5/2)·ρ²·sin 72°
    const rho = (45 * Math.sin(Math.PI / 10)) / Math.sin((7 * Math.PI) / 10);
    const pentagon = 2.5 * rho * rho * Math.sin((2 * Math.PI) / 5);
    expect(Math.abs(nz.count - eo.count - pentagon) / pentagon).toBeLessThan(0.05);
  });

  it('clips to the image and is an error value when degenerate or outside', () => {
    expect(pixels(polygonMask({ points: [[-4, -4], [2, -4], [2, 2], [-4, 2]] }, 5, 5), 5)).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]]);
    expect(polygonMask({ points: [[0, 0], [3, 3]] }, 5, 5).ok).toBe(false);
    expect(polygonMask({ points: [[10, 10], [20, 10], [20, 20]] }, 5, 5).ok).toBe(false);
    expect(polygonMask({ points: [[0, 0], [3, 0], [0, Number.NaN]] }, 5, 5).ok).toBe(false);
  });
});

describe('regionMask', () => {
  it('dispatches on the shape kind', () => {
    const p = regionMask({ kind: 'point', x: 1.5, y: 0.5 }, 3, 2);
    expect(p.ok && Array.from(p.mask)).toEqual([0, 1, 0, 0, 0, 0]);
    const r = regionMask({ kind: 'rectangle', x0: 0, y0: 1, x1: 3, y1: 2 }, 3, 2);
    expect(r.ok && Array.from(r.mask)).toEqual([0, 0, 0, 1, 1, 1]);
    const e = regionMask({ kind: 'ellipse', cx: 1.5, cy: 1, rx: 1.5, ry: 0.8 }, 3, 2);
    expect(e.ok && Array.from(e.mask)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
