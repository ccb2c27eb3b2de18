/**
 * What the screen shows is what the exporter writes: the fused overlay drawn by the viewer (WebGL, nearest-neighbour
 * when magnified) and the overlay PNG written by the backend's export.figure, for the same result with the default
 * display (one automatic display range, shared/figure/display-range.ts; the same element colours) and again with the
 * user's own (another window, gamma, palette, a hidden element: the request carries them), agree pixel for pixel at
 * the centres of the image's pixels.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { pngChunks, unfilter } from '../unit/figure/decode.js';
import { useServedApp } from './app-page.js';

/** An 8-bit RGB or RGBA PNG (what Chromium's screenshots and fusem's exporter write) as RGBA. */
function decodeRgba(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const chunks = pngChunks(png);
  const ihdr = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset);
  const width = ihdr.getUint32(0), height = ihdr.getUint32(4);
  const bitDepth = chunks[0]!.data[8]!, colorType = chunks[0]!.data[9]!;
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6)) throw new Error(`PNG bit depth ${bitDepth}, colour type ${colorType}: not 8-bit RGB(A)`);
  const bpp = colorType === 6 ? 4 : 3;
  const raw = new Uint8Array(inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data))));
  const { pixels } = unfilter(raw, width * bpp, height, bpp);
  if (bpp === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let k = 0; k < width * height; k++) { rgba.set(pixels.subarray(3 * k, 3 * k + 3), 4 * k); rgba[4 * k + 3] = 255; }
  return { width, height, rgba };
}

async function zoomAtLeast(page: Page, view: ReturnType<Page['getByTestId']>, min: number): Promise<number> {
  for (let k = 0; k < 12; k++) {
    const zoom = Number(await view.getAttribute('data-zoom'));
    if (zoom >= min) return zoom;
    await page.keyboard.press('Escape'); // out of any text field: '+' is a shortcut only outside them
    await page.keyboard.press('+');
    await expect(view).not.toHaveAttribute('data-zoom', String(zoom));
  }
  return Number(await view.getAttribute('data-zoom'));
}

/** The fused overlay on screen (magnified) against the backend's overlay PNG of the same result, at the centres of the image's pixels. */
async function compareWithExport(page: Page, view: ReturnType<Page['getByTestId']>, zoom: number): Promise<string[]> {
  await page.mouse.move(0, 0); // no hover readout over the view
  await page.waitForTimeout(300); // the frame after the last zoom step
  const screen = decodeRgba(await page.screenshot());
  const box = (await view.boundingBox())!;
  const cx = Number(await view.getAttribute('data-center-x'));
  const cy = Number(await view.getAttribute('data-center-y'));

  // The backend's export of the same result.
  await page.getByTestId('tab-export').click();
  await page.getByTestId('export-figure-layout').selectOption('overlay'); // the overlay image itself, at the result's pixels
  const before = await page.getByTestId('export-file').count();
  await page.getByTestId('export-figure-png').click();
  await expect(page.getByTestId('export-file')).toHaveCount(before + 1, { timeout: 60_000 });
  const fileEl = page.getByTestId('export-file').first();
  await expect(fileEl).toHaveText(/exports.*\.png$/);
  const exported = decodeRgba(readFileSync((await fileEl.textContent())!));
  expect([exported.width, exported.height]).toEqual([256, 256]);

  // Every image pixel whose centre lies in the middle 60 % of the view (clear of legends and scale bars).
  let compared = 0, lit = 0, worst = 0;
  const mismatches: string[] = [];
  for (let y = 0; y < exported.height; y++) {
    for (let x = 0; x < exported.width; x++) {
      const px = box.x + (x + 0.5 - cx) * zoom + box.width / 2;
      const py = box.y + (y + 0.5 - cy) * zoom + box.height / 2;
      if (px < box.x + 0.2 * box.width || px > box.x + 0.8 * box.width || py < box.y + 0.2 * box.height || py > box.y + 0.8 * box.height) continue;
      const s = 4 * (Math.floor(py) * screen.width + Math.floor(px));
      const e = 4 * (y * exported.width + x);
      let d = 0;
      for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs(screen.rgba[s + c]! - exported.rgba[e + c]!));
      compared++;
      if (exported.rgba[e]! + exported.rgba[e + 1]! + exported.rgba[e + 2]! > 90) lit++;
      worst = Math.max(worst, d);
      if (d > 0 && mismatches.length < 5) mismatches.push(`(${x}, ${y}) screen ${Array.from(screen.rgba.subarray(s, s + 3))} exported ${Array.from(exported.rgba.subarray(e, e + 3))}`);
    }
  }
  expect(compared).toBeGreaterThan(2000);
  expect(lit).toBeGreaterThan(200); // the comparison covers the particles, not just black vacuum
  return mismatches.length ? [`largest channel difference ${worst}`, ...mismatches] : [];
}

test.describe('exported figure and screen', () => {
  const server = useServedApp(240_000);

  test('the backend’s overlay PNG equals the on-screen fused overlay, pixel for pixel', async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    await page.getByTestId('open-demo').click();
    await expect(page.getByTestId('project-view')).toBeVisible();
    await expect(page.getByTestId('panel-raw-Co').getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
    await page.getByTestId('param-iterations').fill('10');
    await page.getByTestId('fuse').click();
    await expect(page.getByTestId('fusion-status')).toContainText('Done', { timeout: 180_000 });
    const view = page.getByTestId('panel-fused-overlay').getByTestId('image-view');
    await expect(page.getByTestId('panel-fused-overlay').getByTestId('view-title')).toHaveText('Fused overlay');
    await expect(view).not.toHaveAttribute('data-frames', '0');

    // Magnified, each image pixel is a square of one texel's colour (NearestFilter): sample its centre.
    const zoom = await zoomAtLeast(page, view, 1.5);
    expect(zoom).toBeGreaterThanOrEqual(1.5);
    expect(await compareWithExport(page, view, zoom)).toEqual([]);

    // The user's display settings travel with the export (issue 9): Co's window narrowed, O's gamma, S hidden, the
    // classic palette — the backend's PNG still equals the screen.
    await page.getByTestId('display-toggle').click();
    await page.getByTestId('palette').selectOption('classic RGB');
    await page.getByTestId('contrast-Co').fill('2');
    await page.getByTestId('brightness-Co').fill('0.15');
    await page.getByTestId('gamma-O').fill('0.6');
    await page.getByTestId('visible-S').uncheck();
    await page.getByTestId('display-toggle').click();
    expect(await compareWithExport(page, view, zoom)).toEqual([]);
  });
});
