/**
 * Figures, profiles and display memory in Chromium against `fusem serve` (issues 13 and 9), on the demo project:
 * - the backend's paper figure (export.figure into exports/) is the app's multi-panel figure drawn with the screen's
 *   display settings: the same panels, size and image pixels as the current-view PNG made in the page, scale-bar
 *   labels inside the images, and another display range changes the exported pixels;
 * - the line profile sits beneath the images in a panel a splitter resizes, and the size is remembered;
 * - the overlay palette chosen is remembered over a reload.
 * Screenshots go to $FUSEM_SCREENSHOTS when set, else test-results/screenshots.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { decodePng } from '../unit/figure/decode.js';
import { at, imagePanels, whiteIn, type Box } from '../unit/figure/png-analysis.js';
import { collectProblems, dragOn, screenshots, serveApp } from './app-page.js';
import { findChromium } from './paths.js';

const chromium = findChromium();
const OUT = screenshots;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

async function openFusedDemo(page: Page): Promise<void> {
  await page.goto(server.url);
  // A fresh page carries on with the project the server has open (an earlier test's demo), else shows the welcome.
  await expect(page.getByTestId('project-view').or(page.getByTestId('open-demo'))).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(500); // project.current answers after the welcome is drawn
  if (!(await page.getByTestId('project-view').isVisible())) await page.getByTestId('open-demo').click();
  await expect(page.getByTestId('project-view')).toBeVisible();
  await expect(page.getByTestId('panel-raw-Co').getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
  if (await page.getByTestId('result-item').count() === 0) {
    await page.getByTestId('param-iterations').fill('10');
    await page.getByTestId('fuse').click();
    await expect(page.getByTestId('fusion-status')).toContainText('Done', { timeout: 180_000 });
  }
  await expect(page.getByTestId('panel-fused-overlay').getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
}

/** The backend's figure PNG of the selected result (Export tab → Into the project's exports/ → Figure PNG). */
async function backendPng(page: Page, layout: 'paper' | 'overlay', keepAs?: string) {
  await page.getByTestId('export-figure-layout').selectOption(layout);
  const before = await page.getByTestId('export-file').count();
  await page.getByTestId('export-figure-png').click();
  await expect(page.getByTestId('export-file')).toHaveCount(before + 1, { timeout: 60_000 });
  const file = (await page.getByTestId('export-file').first().textContent())!;
  expect(file).toMatch(/exports.*\.png$/);
  if (keepAs) { mkdirSync(OUT, { recursive: true }); copyFileSync(file, join(OUT, `${keepAs}.png`)); }
  return decodePng(new Uint8Array(readFileSync(file)));
}

/** Sample points at the centres of the result's pixels in `box` (a `side`-pixel image), above the scale bar and its label. */
function samplePoints(box: Box, side: number): [number, number][] {
  const out: [number, number][] = [];
  const w = (box.x1 - box.x0 + 1) / side;
  for (let j = 0; j < 0.7 * side; j += 8) { // (the labels are text: each writer's own font)
    for (let i = 0; i < side; i += 8) out.push([Math.floor(box.x0 + (i + 0.5) * w), Math.floor(box.y0 + (j + 0.5) * w)]);
  }
  return out;
}

/** The sample points of `box` where `a` has a colour that `b` has at none of the point and its 8 neighbours. */
function mismatches(a: ReturnType<typeof decodePng>, b: ReturnType<typeof decodePng>, box: Box, side: number): string[] {
  const bad: string[] = [];
  for (const [x, y] of samplePoints(box, side)) {
    const want = Array.from(at(a, x, y));
    let found = false;
    for (let dy = -1; dy <= 1 && !found; dy++) for (let dx = -1; dx <= 1 && !found; dx++) found = Array.from(at(b, x + dx, y + dy)).every((v, c) => v === want[c]);
    if (!found) bad.push(`(${x}, ${y}) ${want}`);
  }
  return bad;
}

/** The colours at the sample points of `box`. */
const samples = (png: ReturnType<typeof decodePng>, box: Box, side: number): number[] => samplePoints(box, side).flatMap(([x, y]) => Array.from(at(png, x, y)));

let server: { url: string; close(): Promise<void> };

test.describe('figures, profiles and display memory', () => {
  test.skip('missing' in chromium, `Chromium not present: ${'missing' in chromium ? chromium.missing : ''}`);
  test.setTimeout(300_000);
  test.beforeAll(async () => { server = await serveApp(); });
  test.afterAll(async () => { await server?.close(); });

  test('the backend’s paper figure is the app’s figure, with the display settings on screen', async ({ page }) => {
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await openFusedDemo(page);
    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-width').fill('120');
    await page.getByTestId('export-dpi').fill('300'); // each image pixel ≥ 1.5 PNG pixels: both writers show every one
    const plain = await backendPng(page, 'paper');

    // Another display: Co's window narrowed and brightened, S hidden, the classic palette.
    await page.getByTestId('display-toggle').click();
    await page.getByTestId('palette').selectOption('classic RGB');
    await page.getByTestId('contrast-Co').fill('2.5');
    await page.getByTestId('brightness-Co').fill('0.2');
    await page.getByTestId('visible-S').uncheck();
    await shot(page, 'B1-display-changed');
    await page.getByTestId('display-toggle').click();

    // The figure made in the page (current view, paper figure) and the backend's, of the same view.
    await page.getByTestId('export-what').selectOption('paper');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    const mine = decodePng(new Uint8Array(readFileSync(await download.path())));
    await download.saveAs(join(OUT, 'B2a-paper-figure-current-view.png'));
    const theirs = await backendPng(page, 'paper', 'B2b-paper-figure-backend');
    await shot(page, 'B2-paper-figure-exported');
    expect([theirs.width, theirs.height]).toEqual([mine.width, mine.height]);
    expect(theirs.width).toBe(Math.round((120 * 300) / 25.4));

    // Panels: HAADF, raw and fused overlays, raw and fused Co and O (S hidden) — found in both by image analysis.
    const panels = imagePanels(theirs, 200, 1);
    expect(panels).toHaveLength(7);
    const minePanels = imagePanels(mine, 200, 1);
    expect(minePanels).toHaveLength(7);
    minePanels.forEach((b, k) => { // the canvas and the backend's rasteriser round an image's edge to the same pixel, or the next
      expect(Math.abs(b.x0 - panels[k]!.x0) + Math.abs(b.y0 - panels[k]!.y0) + Math.abs(b.x1 - panels[k]!.x1) + Math.abs(b.y1 - panels[k]!.y1), `panel ${k}`).toBeLessThanOrEqual(2);
    });
    expect(imagePanels(plain, 200, 1)).toHaveLength(9); // before S was hidden
    for (const b of panels) expect(mismatches(theirs, mine, b, 256), `panel at ${b.x0}, ${b.y0}`).toEqual([]);
    // every scale bar's label inside its image (the colour-mapped maps hold no white of their own)
    for (const b of panels.slice(3)) {
      const white = whiteIn(theirs, b);
      expect(white).not.toBeNull();
      expect(white!.x0).toBeGreaterThan(b.x0 + 1);
      expect(white!.x1).toBeLessThan(b.x1 - 1);
      expect(white!.h).toBeGreaterThan(6);
    }
    // the changed display: the overlays and the Co maps differ from the first export, the O maps do not
    const plainPanels = imagePanels(plain, 200, 1);
    const [, rawOverlay, , coRaw, oRaw] = panels;
    const [, plainRawOverlay, , plainCoRaw, plainORaw] = plainPanels;
    const pixels = (b: Box) => (b.x1 - b.x0) * (b.y1 - b.y0);
    expect(samples(theirs, coRaw!, 256)).not.toEqual(samples(plain, plainCoRaw!, 256));
    expect(samples(theirs, rawOverlay!, 256)).not.toEqual(samples(plain, plainRawOverlay!, 256));
    expect(samples(theirs, oRaw!, 256)).toEqual(samples(plain, plainORaw!, 256));
    expect(pixels(coRaw!)).toBeGreaterThan(100 * 100);

    // The overlay layout's PNG is the overlay image itself (256 × 256), in the classic palette: no blue where S is hidden.
    const overlay = await backendPng(page, 'overlay');
    expect([overlay.width, overlay.height]).toEqual([256, 256]);
    expect(problems).toEqual([]);
  });

  test('the line profile is a panel beneath the images: the splitter resizes it and the size is remembered', async ({ page }) => {
    await page.setViewportSize({ width: 1500, height: 950 });
    await openFusedDemo(page);
    await page.getByTestId('tool-line').click();
    await dragOn(page, page.getByTestId('panel-fused-Co').getByTestId('image-view'), [40, 128], [216, 128]);
    await page.getByTestId('tool-pan').click();
    const plot = page.getByTestId('profile-plot');
    await expect(plot).toBeVisible();
    await expect(page.getByTestId('profile-dock-length')).toContainText('44 nm (176 px)'); // 0.25 nm per pixel
    await expect(plot).toContainText('distance (nm)');
    await expect(plot).toContainText('each curve ÷ its maximum');
    await expect(page.getByTestId('profile-dock')).toContainText('HAADF');
    const before = (await plot.boundingBox())!;
    const images = (await page.locator('.images').boundingBox())!;
    await shot(page, 'B3-profile-panel');

    // Drag the splitter up by 150 px: the plot grows by as much, the images shrink.
    const bar = (await page.getByTestId('profile-splitter').boundingBox())!;
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2 - 75, { steps: 4 });
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2 - 150, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await plot.boundingBox())!.height).toBeCloseTo(before.height + 150, -1);
    expect((await page.locator('.images').boundingBox())!.height).toBeLessThan(images.height - 100);
    expect(Math.abs((await plot.boundingBox())!.width - before.width)).toBeLessThan(2);
    // the curves were redrawn for the new size, not stretched: the plot's own height attribute follows
    expect(Number(await plot.getAttribute('height'))).toBeCloseTo(before.height + 150, -1);
    await shot(page, 'B4-profile-panel-resized');
    // The keyboard does it too.
    await page.getByTestId('profile-splitter').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await plot.boundingBox())!.height).toBeCloseTo(before.height + 130, -1);
    const size = (await plot.boundingBox())!.height;

    // Reload: a new profile opens at the size the user left.
    await page.reload();
    await expect(page.getByTestId('project-view')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('panel-fused-overlay').getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
    await page.getByTestId('tool-line').click();
    await dragOn(page, page.getByTestId('panel-fused-Co').getByTestId('image-view'), [40, 100], [200, 100]);
    await expect(plot).toBeVisible();
    expect(Math.abs((await plot.boundingBox())!.height - size)).toBeLessThan(2);
  });

  test('the overlay palette chosen is remembered over a reload', async ({ page }) => {
    await page.setViewportSize({ width: 1500, height: 950 });
    await openFusedDemo(page);
    await page.getByTestId('display-toggle').click();
    await expect(page.getByTestId('palette')).toHaveValue('colour-blind safe');
    await expect(page.getByTestId('color-Co')).toHaveValue('#ff00ff');
    await page.getByTestId('palette').selectOption('classic RGB');
    await expect(page.getByTestId('color-Co')).toHaveValue('#ff0000');
    await expect(page.getByTestId('color-O')).toHaveValue('#00ff00');

    await page.reload();
    await expect(page.getByTestId('project-view')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('panel-raw-Co').getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
    await page.getByTestId('display-toggle').click();
    await expect(page.getByTestId('palette')).toHaveValue('classic RGB');
    await expect(page.getByTestId('color-Co')).toHaveValue('#ff0000');
    await expect(page.getByTestId('color-O')).toHaveValue('#00ff00');
    await shot(page, 'B5-palette-after-reload');
    // and the overlays are drawn in it: the legend's swatch for Co is red
    await page.getByTestId('display-toggle').click();
    const swatch = page.getByTestId('panel-raw-overlay').getByTestId('legend-item').first().locator('.swatch');
    await expect(swatch).toHaveCSS('background-color', 'rgb(255, 0, 0)');
  });
});
