import { describe, expect, it } from 'vitest';
import {
  MAX_ZOOM, MIN_ZOOM, fitState, imageToScreen, panByState, pixelAt, screenToImage, visibleRect, wheelZoomFactor,
  zoomAtState, type ViewState,
} from '../../../src/renderer/src/viewer/viewport-math.js';

const close = (a: readonly number[], b: readonly number[], digits = 9): void => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, digits));
};

describe('viewport maths', () => {
  it('fit centres the whole image at the largest zoom that fits, keeping the aspect', () => {
    expect(fitState(128, 128, 640, 400)).toEqual({ zoom: 400 / 128, centerX: 64, centerY: 64 });
    expect(fitState(200, 50, 400, 400)).toEqual({ zoom: 2, centerX: 100, centerY: 25 });
    const s = fitState(300, 120, 700, 500);
    // The image corners land inside the view, one axis touching its edges.
    const [x0, y0] = imageToScreen(s, 0, 0, 700, 500);
    const [x1, y1] = imageToScreen(s, 300, 120, 700, 500);
    close([x0, x1], [0, 700]);
    expect(y0).toBeGreaterThanOrEqual(0);
    expect(y1).toBeLessThanOrEqual(500);
    expect(y0 + y1).toBeCloseTo(500); // centred vertically
  });

  it('fit of a degenerate size is zoom 1 on the image centre', () => {
    expect(fitState(0, 0, 640, 400)).toEqual({ zoom: 1, centerX: 0, centerY: 0 });
    expect(fitState(10, 10, 0, 0)).toEqual({ zoom: 1, centerX: 5, centerY: 5 });
  });

  it('maps the view centre to the centre point and pixel corners to zoom-spaced screen points', () => {
    const s: ViewState = { zoom: 4, centerX: 10, centerY: 20 };
    close(imageToScreen(s, 10, 20, 100, 60), [50, 30]);
    close(imageToScreen(s, 11, 20, 100, 60), [54, 30]);
    close(imageToScreen(s, 10, 21, 100, 60), [50, 34]); // y down
    close(visibleRect(s, 100, 60), [10 - 12.5, 20 - 7.5, 10 + 12.5, 20 + 7.5]);
  });

  it('image ↔ screen round-trips', () => {
    const states: ViewState[] = [
      { zoom: 1, centerX: 0, centerY: 0 }, { zoom: 3.7, centerX: 12.25, centerY: -4 }, { zoom: 0.05, centerX: 5e3, centerY: 2e3 },
    ];
    for (const s of states) {
      for (const [x, y] of [[0, 0], [0.5, 127.5], [-3, 1e4], [63.123, 17.9]] as const) {
        const [sx, sy] = imageToScreen(s, x, y, 813, 457);
        close(screenToImage(s, sx, sy, 813, 457), [x, y], 6);
      }
    }
  });

  it('zoom at a point keeps the image point under the cursor', () => {
    let s: ViewState = { zoom: 2, centerX: 64, centerY: 64 };
    const cursor = [123, 77] as const;
    const before = screenToImage(s, cursor[0], cursor[1], 600, 400);
    for (const f of [1.25, 1.25, 0.5, 3, 0.1]) {
      s = zoomAtState(s, f, cursor[0], cursor[1], 600, 400);
      close(screenToImage(s, cursor[0], cursor[1], 600, 400), before, 9);
    }
    expect(s.zoom).toBeCloseTo(2 * 1.25 * 1.25 * 0.5 * 3 * 0.1);
  });

  it('zoom is clamped to its limits and the cursor point still stays put', () => {
    const s0: ViewState = { zoom: 200, centerX: 10, centerY: 10 };
    const s = zoomAtState(s0, 10, 30, 40, 200, 100);
    expect(s.zoom).toBe(MAX_ZOOM);
    close(screenToImage(s, 30, 40, 200, 100), screenToImage(s0, 30, 40, 200, 100));
    expect(zoomAtState({ zoom: 0.02, centerX: 0, centerY: 0 }, 0.001, 0, 0, 10, 10).zoom).toBe(MIN_ZOOM);
    // Nonsense factors leave the zoom alone.
    expect(zoomAtState(s0, Number.NaN, 0, 0, 10, 10).zoom).toBe(200);
    expect(zoomAtState(s0, -2, 0, 0, 10, 10).zoom).toBe(200);
  });

  it('pan moves the image with the pointer', () => {
    const s: ViewState = { zoom: 4, centerX: 50, centerY: 50 };
    const p = panByState(s, 40, -8);
    expect(p).toEqual({ zoom: 4, centerX: 40, centerY: 52 });
    // The image point that was under (100, 100) is now under (140, 92).
    close(screenToImage(p, 140, 92, 300, 200), screenToImage(s, 100, 100, 300, 200));
  });

  it('pixelAt uses [col, col+1) × [row, row+1) and returns null outside', () => {
    expect(pixelAt(0, 0, 4, 3)).toEqual({ col: 0, row: 0 });
    expect(pixelAt(3.999, 2.999, 4, 3)).toEqual({ col: 3, row: 2 });
    expect(pixelAt(4, 1, 4, 3)).toBeNull();
    expect(pixelAt(1, 3, 4, 3)).toBeNull();
    expect(pixelAt(-0.001, 1, 4, 3)).toBeNull();
    expect(pixelAt(Number.NaN, 1, 4, 3)).toBeNull();
  });

  it('wheel zoom: scrolling up zooms in, down zooms out, symmetrically, lines and pages scaled', () => {
    expect(wheelZoomFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100, 0)).toBeLessThan(1);
    expect(wheelZoomFactor(100, 0) * wheelZoomFactor(-100, 0)).toBeCloseTo(1);
    expect(wheelZoomFactor(3, 1)).toBeCloseTo(wheelZoomFactor(48, 0));
    expect(wheelZoomFactor(1e6, 0)).toBeCloseTo(wheelZoomFactor(600, 0)); // one huge event cannot jump far
  });
});
