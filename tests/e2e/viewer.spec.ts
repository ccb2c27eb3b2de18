/**
 * The image viewer (src/renderer/src/viewer) in Chromium, through the viewer harness page (a small separate vite
 * build of src/renderer/viewer-harness.html, see bench/ui-harness.ts): four panels of a generated 128 × 128
 * data set at 0.2 nm/px on one shared Viewport — HAADF (with SVG annotations), fused Co (colour bar), a
 * 3-channel overlay (legend) and a raw|fused split view.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { buildHarness, type Harness } from '../../bench/ui-harness.js';
import { chooseScaleBar } from '../../src/shared/figure/index.js';
import { findChromium } from './paths.js';

const chromium = findChromium();
const PIXEL = 0.2e-9;

interface ViewAttrs { zoom: number; cx: number; cy: number; frames: number; w: number; h: number; left: number; top: number }

async function attrs(view: Locator): Promise<ViewAttrs> {
  return view.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const n = (k: string): number => Number(el.getAttribute(k));
    return { zoom: n('data-zoom'), cx: n('data-center-x'), cy: n('data-center-y'), frames: n('data-frames'), w: r.width, h: r.height, left: r.left, top: r.top };
  });
}

/** Page coordinates of image point (x, y) in a view. */
function toPage(a: ViewAttrs, x: number, y: number): [number, number] {
  return [a.left + (x - a.cx) * a.zoom + a.w / 2, a.top + (y - a.cy) * a.zoom + a.h / 2];
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  return problems;
}

test.describe('image viewer', () => {
  test.skip('missing' in chromium, `Chromium not present: ${'missing' in chromium ? chromium.missing : ''}`);
  test.use({ viewport: { width: 1280, height: 800 } });

  let harness: Harness;
  test.beforeAll(async () => {
    harness = await buildHarness();
  });
  test.afterAll(async () => {
    await harness?.close();
  });

  async function open(page: Page): Promise<{ problems: string[]; haadf: Locator; co: Locator; overlay: Locator }> {
    const problems = watchProblems(page);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(harness.url);
    const haadf = page.getByTestId('panel-haadf').getByTestId('image-view');
    const co = page.getByTestId('panel-co').getByTestId('image-view');
    const overlay = page.getByTestId('panel-overlay').getByTestId('image-view');
    await expect(page.getByRole('alert')).toHaveCount(0);
    for (const v of await page.getByTestId('image-view').all()) await expect(v).not.toHaveAttribute('data-frames', '0');
    return { problems, haadf, co, overlay };
  }

  test('synced zoom and pan, cursor readout, scale bar, legend, split view; no errors', async ({ page }) => {
    const { problems, haadf, co, overlay } = await open(page);
    await expect(page.getByTestId('image-view')).toHaveCount(5); // 3 panels + the split view's two

    // Fitted on first layout: the 128 × 128 image fills the view's height, centred.
    const a0 = await attrs(haadf);
    expect(a0.cx).toBe(64);
    expect(a0.cy).toBe(64);
    expect(a0.zoom).toBeCloseTo(Math.min(a0.w, a0.h) / 128, 6);
    await page.screenshot({ path: 'test-results/viewer-gallery.png' });

    // Scale bar: a 1/2/5 × 10^k label in the right unit, about a fifth of the view wide.
    const bar = haadf.getByTestId('scale-bar');
    const expected0 = chooseScaleBar(a0.w / a0.zoom, PIXEL, 'm')!;
    await expect(bar).toHaveText(expected0.label);
    expect(expected0.label).toMatch(/^(1|2|5)0* nm$/);
    const len0 = Number(await bar.getAttribute('data-length'));
    expect(len0 / a0.w).toBeGreaterThanOrEqual(0.15);
    expect(len0 / a0.w).toBeLessThanOrEqual(0.25);
    expect(len0).toBeCloseTo(expected0.lengthPx * a0.zoom, 1);

    // Hover the centre of pixel (40, 50): calibrated position and the value.
    const [px, py] = toPage(a0, 40.5, 50.5);
    await page.mouse.move(px, py);
    const value = await page.evaluate(() => (window as unknown as { __harness: { value: (s: string, n: string, c: number, r: number) => number } }).__harness.value('haadf', 'HAADF', 40, 50));
    await expect(haadf.getByTestId('cursor-readout')).toHaveText(`x 8.1 nm, y 10.1 nm · HAADF ${value} counts`);

    // Wheel-zoom over the HAADF: the image point under the cursor stays; the Co view follows identically.
    const coBefore = await attrs(co);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await attrs(haadf)).zoom).toBeGreaterThan(a0.zoom * 1.5);
    await expect.poll(async () => (await attrs(co)).frames).toBeGreaterThan(coBefore.frames);
    const a1 = await attrs(haadf);
    const c1 = await attrs(co);
    expect([c1.zoom, c1.cx, c1.cy]).toEqual([a1.zoom, a1.cx, a1.cy]);
    // (The pointer event carries whole CSS px, so the fixed point is within a pixel of (px, py).)
    const [px1, py1] = toPage(a1, 40.5, 50.5);
    expect(Math.abs(px1 - px)).toBeLessThan(1);
    expect(Math.abs(py1 - py)).toBeLessThan(1);
    await expect(haadf.getByTestId('cursor-readout')).toHaveText(`x 8.1 nm, y 10.1 nm · HAADF ${value} counts`);
    // The same place in the Co view is the same pixel.
    await page.mouse.move(px - a1.left + c1.left, py - a1.top + c1.top);
    await expect(co.getByTestId('cursor-readout')).toContainText('x 8.1 nm, y 10.1 nm · Co ');

    // The scale bar follows the zoom.
    const expected1 = chooseScaleBar(a1.w / a1.zoom, PIXEL, 'm')!;
    expect(expected1.label).not.toBe(expected0.label);
    await expect(bar).toHaveText(expected1.label);
    await expect(co.getByTestId('scale-bar')).toHaveText(expected1.label);

    // Drag pans every view by the same amount.
    await page.mouse.move(a1.left + 200, a1.top + 200);
    await page.mouse.down();
    await page.mouse.move(a1.left + 260, a1.top + 170, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await attrs(overlay)).cx).toBeCloseTo(a1.cx - 60 / a1.zoom, 6);
    const a2 = await attrs(haadf);
    expect(a2.cy).toBeCloseTo(a1.cy + 30 / a1.zoom, 6);
    expect((await attrs(co)).cx).toBe(a2.cx);
    await page.screenshot({ path: 'test-results/viewer-zoomed.png' });

    // Double-click fits again.
    await haadf.dblclick({ position: { x: 100, y: 100 } });
    await expect.poll(async () => (await attrs(co)).zoom).toBeCloseTo(a0.zoom, 6);
    expect((await attrs(co)).cx).toBe(64);

    // Overlay: the legend lists the 3 channels; clicking one hides it (and redraws).
    const items = overlay.getByTestId('legend-item');
    await expect(items).toHaveText(['Co', 'O', 'S']);
    const framesBefore = (await attrs(overlay)).frames;
    await items.nth(1).click();
    await expect(items.nth(1)).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(async () => (await attrs(overlay)).frames).toBeGreaterThan(framesBefore);
    const ov = await attrs(overlay);
    await page.mouse.move(...toPage(ov, 40.5, 50.5));
    await expect(overlay.getByTestId('cursor-readout')).toHaveText(/^x 8\.1 nm, y 10\.1 nm · Co \S+ · S \S+$/);
    await items.nth(1).click();
    await expect(items.nth(1)).toHaveAttribute('aria-pressed', 'true');

    // Colour bar in single mode.
    await expect(co.getByTestId('color-bar')).toContainText('Co (counts)');

    // Split view: the slider moves, the readout names the side under the cursor.
    const split = page.getByTestId('split-view');
    const slider = split.getByTestId('split-slider');
    await expect(slider).toHaveAttribute('aria-valuenow', '50');
    const sb = (await split.boundingBox())!;
    const hb = (await slider.boundingBox())!;
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    await page.mouse.move(sb.x + sb.width * 0.4, hb.y + hb.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect(slider).toHaveAttribute('aria-valuenow', '40');
    await page.mouse.move(sb.x + sb.width * 0.3, sb.y + sb.height / 2);
    await expect(split.getByTestId('cursor-readout')).toHaveText(/^raw · x /);
    await page.mouse.move(sb.x + sb.width * 0.6, sb.y + sb.height / 2);
    await expect(split.getByTestId('cursor-readout')).toHaveText(/^fused · x /);

    await page.screenshot({ path: 'test-results/viewer-final.png' });
    expect(problems).toEqual([]);
  });

  test('no pixel size: "scale unknown" and positions in px', async ({ page }) => {
    const problems = watchProblems(page);
    await page.goto(`${harness.url}?pixel=NaN`);
    const haadf = page.getByTestId('panel-haadf').getByTestId('image-view');
    await expect(haadf).not.toHaveAttribute('data-frames', '0');
    await expect(haadf.getByTestId('scale-bar')).toHaveText('scale unknown');
    const a = await attrs(haadf);
    await page.mouse.move(...toPage(a, 7.5, 9.5));
    await expect(haadf.getByTestId('cursor-readout')).toHaveText(/^x 7 px, y 9 px · HAADF \d+ counts$/);
    expect(problems).toEqual([]);
  });
});
