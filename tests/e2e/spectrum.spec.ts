/**
 * Issue 11 in Chromium against a real backend (`fusem serve` in-process): a simulated EELS spectrum image opens on
 * its Spectrum tab; elements are picked on the periodic table, the signal window is dragged on the sum spectrum and
 * the live map (made by compute/spectra through spectrum.map) changes; "Make maps" gives the dataset its maps and
 * it fuses. Screenshots: test-results/screenshots/spectrum-*.png.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeSpectrumImageHspy } from '../../src/compute/io/hspy/write-spectrum-image.js';
import { writeNpy } from '../../src/compute/io/index.js';
import { coreShell } from '../../src/compute/simulate/index.js';
import { simulateEdxSpectrumImage, simulateEelsSpectrumImage } from '../../src/compute/simulate/spectrum-image.js';
import { collectProblems, pagePoint, screenshot, serveApp } from './app-page.js';
import { findChromium } from './paths.js';
import { IO } from '../sample-data.js';

const chromium = findChromium();
const S = 48;
const VELOX = join(IO, 'velox_v11_SI_16x16.emd');

/** Mean RGB of the live map's canvas, and its pixels as a string (to tell one map from another). */
async function mapPixels(page: Page): Promise<{ mean: number; pixels: string }> {
  return page.getByTestId('si-map').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let s = 0;
    for (let i = 0; i < d.length; i += 4) s += d[i]! + d[i + 1]! + d[i + 2]!;
    return { mean: s / (3 * (d.length / 4)), pixels: Array.from(d.subarray(0, 4 * 400)).join(',') };
  });
}

/** The app opened, its Import dialog listing `folder`'s `files` files. */
async function listInImportDialog(page: Page, url: string, folder: string, files: number): Promise<void> {
  await page.setViewportSize({ width: 1600, height: 1100 });
  await page.goto(url);
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-dir').fill(folder);
  await page.getByTestId('import-list').click();
  await expect(page.getByTestId('import-file')).toHaveCount(files);
}

test.describe('issue 11: the spectrum panel', () => {
  test.skip('missing' in chromium, `Chromium not present: ${'missing' in chromium ? chromium.missing : ''}`);
  test.setTimeout(240_000);

  let server: Awaited<ReturnType<typeof serveApp>>;
  let dir: string;
  test.beforeAll(async () => {
    server = await serveApp();
    dir = mkdtempSync(join(tmpdir(), 'fusem-e2e-si-'));
    const sim = simulateEelsSpectrumImage(coreShell({ width: S, height: S, seed: 2 }), { seed: 7, dose: 300 });
    const file = join(dir, 'si.hspy');
    await writeSpectrumImageHspy(file, sim.si, sim.haadf);
    await server.service['project.create']({ dir: join(dir, 'project'), name: 'spectrum image' });
    await server.service['dataset.import']({ file, mode: 'reference', label: 'simulated EELS SI' });
    const edx = simulateEdxSpectrumImage(coreShell({ width: S, height: S, seed: 2 }), { seed: 8, dose: 300 });
    const edxFile = join(dir, 'edx.hspy');
    await writeSpectrumImageHspy(edxFile, edx.si, edx.haadf);
    await server.service['dataset.import']({ file: edxFile, mode: 'reference', label: 'simulated EDX SI' });
  });
  test.afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('open an SI, pick elements, move a window, see the map change, make maps, fuse', async ({ page }) => {
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1600, height: 1100 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(server.url);

    // The open project's SI dataset: its HAADF, and the Spectrum tab with the sum spectrum.
    await expect(page.getByTestId('project-view')).toBeVisible();
    await expect(page.getByTestId('spectrum-panel')).toBeVisible();
    await expect(page.getByTestId('si-info')).toContainText(`EELS spectrum image · ${S}×${S} pixels × 1024 channels`);
    await expect(page.getByTestId('sum-spectrum').locator('path.line')).toHaveAttribute('d', /^M/);
    const log = page.getByTestId('spectrum-log');
    await expect(page.getByTestId('sum-spectrum')).toHaveAttribute('data-log', 'true');
    await log.uncheck();
    await expect(page.getByTestId('sum-spectrum')).toHaveAttribute('data-log', 'false');
    await log.check();

    // The spectrum of the pixel under the cursor.
    const haadf = page.getByTestId('panel-haadf').getByTestId('image-view');
    await expect(haadf).not.toHaveAttribute('data-frames', '0');
    const at = await pagePoint(haadf, S / 2 + 0.5, S / 2 + 0.5);
    await page.mouse.move(at.x, at.y);
    await expect(page.getByTestId('local-spectrum')).toContainText(`pixel (${S / 2}, ${S / 2})`);
    await screenshot(page, 'spectrum-1-open');
    // …or summed over a drawn region (R): 10×5 pixels.
    await page.getByTestId('tool-rect').click();
    const r0 = await pagePoint(haadf, 10, 10), r1 = await pagePoint(haadf, 20, 15);
    await page.mouse.move(r0.x, r0.y);
    await page.mouse.down();
    await page.mouse.move(r1.x, r1.y, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('tab-spectrum').click();
    await page.getByTestId('spectrum-source-region').check();
    await expect(page.getByTestId('local-spectrum')).toContainText(/^R1, \d+ pixels summed/);
    const summed = Number(/R1, (\d+) pixels/.exec((await page.getByTestId('local-spectrum').textContent())!)![1]);
    expect(summed).toBeGreaterThanOrEqual(40);
    expect(summed).toBeLessThanOrEqual(66);
    await page.getByTestId('tool-pan').click();
    await page.getByTestId('spectrum-source-cursor').check();

    // The periodic table marks the elements whose edges lie on 100–1123 eV; pick Co, S and O.
    await expect(page.getByTestId('pt-O')).toHaveAttribute('data-available', 'true');
    await expect(page.getByTestId('pt-Au')).toHaveAttribute('data-available', 'false'); // M4,5 at 2206 eV
    await expect(page.getByTestId('pt-Au')).toBeDisabled();
    for (const el of ['Co', 'S', 'O']) await page.getByTestId(`pt-${el}`).click();
    await expect(page.getByTestId('si-map')).toHaveAttribute('data-element', 'O');
    await expect(page.getByTestId('si-window-text-signal-0')).toHaveText('532.0–585.2 eV');
    // Zoomed on O's windows (pre-edge 446.9 to signal end 585.2, with room either side); the whole axis unzoomed.
    await expect(page.getByTestId('sum-spectrum')).toHaveAttribute('data-domain', '391.6,640.5');
    await page.getByTestId('spectrum-zoom').uncheck();
    await expect(page.getByTestId('sum-spectrum')).toHaveAttribute('data-domain', '100.0,1123.0');
    await page.getByTestId('spectrum-zoom').check();
    await expect(page.getByTestId('si-map-figure')).not.toContainText('updating');
    const before = await mapPixels(page);
    const totalBefore = await page.getByTestId('si-map-total').textContent();
    await screenshot(page, 'spectrum-2-picked');

    // Drag the end of O's signal window ~30 eV down: the window, the total and the map's pixels change.
    const end = page.getByTestId('sum-spectrum-window-signal-0-end');
    const box = (await end.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let k = 1; k <= 6; k++) await page.mouse.move(box.x + box.width / 2 - 5 * k, box.y + box.height / 2);
    await page.mouse.up();
    await expect(page.getByTestId('si-window-text-signal-0')).not.toHaveText('532.0–585.2 eV');
    const moved = (await page.getByTestId('si-window-text-signal-0').textContent())!;
    const [, hi] = /^532\.0–([\d.]+) eV$/.exec(moved)!.map(Number);
    expect(hi).toBeLessThan(575);
    expect(hi).toBeGreaterThan(540);
    await expect(page.getByTestId('si-map-figure')).not.toContainText('updating', { timeout: 20_000 });
    await expect(page.getByTestId('si-map-total')).not.toHaveText(totalBefore!);
    const after = await mapPixels(page);
    expect(after.pixels).not.toEqual(before.pixels);
    expect(Math.abs(after.mean - before.mean)).toBeGreaterThan(0.5);
    await screenshot(page, 'spectrum-3-window-moved');
    // A window end typed in eV: the pre-edge starts at 470 eV.
    await page.getByTestId('si-window-start-preEdge-0').fill('470');
    await page.getByTestId('si-window-start-preEdge-0').press('Tab');
    await expect(page.getByTestId('si-window-text-preEdge-0')).toHaveText('470.0–526.7 eV');
    await expect(page.getByTestId('sum-spectrum-window-preEdge-0')).toHaveAttribute('data-start', '470');

    // Make maps: the dataset's raw maps appear in the centre; then fuse them as any dataset.
    await expect(page.getByTestId('si-applied')).toHaveText('Not yet the project’s settings.');
    await page.getByTestId('make-maps').click();
    await expect(page.getByTestId('si-applied')).toContainText('The project’s maps use these settings');
    for (const el of ['Co', 'S', 'O']) await expect(page.getByTestId(`panel-raw-${el}`).getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
    await screenshot(page, 'spectrum-4-maps');
    await page.getByTestId('tab-fusion').click();
    await page.getByTestId('param-iterations').fill('12');
    await page.getByTestId('fuse').click();
    await expect(page.getByTestId('fusion-status')).toContainText('Done', { timeout: 180_000 });
    await expect(page.getByTestId('result-item')).toHaveCount(1);
    await expect(page.getByTestId('panel-fused-overlay').getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
    await screenshot(page, 'spectrum-5-fused');
    expect(problems).toEqual([]);
  });

  test('EDX: the fit by default (its regions shown), the windows method with draggable windows', async ({ page }) => {
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1600, height: 1100 });
    await page.goto(server.url);
    await page.getByTestId('dataset-item').filter({ hasText: 'simulated EDX SI' }).click();
    await expect(page.getByTestId('si-info')).toContainText(`EDX spectrum image · ${S}×${S} pixels × 2048 channels`);
    // Map settings are the project's per technique: this EDX SI starts with none (the EELS test's are EELS's).
    await expect(page.getByTestId('pt-Co')).toHaveAttribute('aria-pressed', 'false');
    for (const el of ['O', 'S', 'Co']) await page.getByTestId(`pt-${el}`).click();
    await expect(page.getByTestId('si-map')).toHaveAttribute('data-element', 'Co');
    await expect(page.getByTestId('sum-spectrum-window-region-0')).toBeVisible(); // the fit's regions, not draggable
    await expect(page.getByTestId('sum-spectrum-window-region-0-end')).toHaveCount(0);
    await page.getByTestId('edx-method').selectOption('windows');
    const signal = page.getByTestId('sum-spectrum-window-signal-0');
    await expect(signal).toBeVisible();
    await expect(page.getByTestId('si-map-figure')).not.toContainText('updating', { timeout: 20_000 });
    const total = await page.getByTestId('si-map-total').textContent();
    const before = await mapPixels(page);
    const start = Number(await signal.getAttribute('data-start'));
    // Move the whole signal window up by keyboard (Shift+→: ten channels each), off the Co Kα peak: fewer net counts.
    await signal.focus();
    for (let k = 0; k < 3; k++) await page.keyboard.press('Shift+ArrowRight');
    await expect(signal).toHaveAttribute('data-start', String(Math.round((start + 300) * 10) / 10));
    await expect(page.getByTestId('si-map-figure')).not.toContainText('updating', { timeout: 20_000 });
    await expect(page.getByTestId('si-map-total')).not.toHaveText(total!);
    expect((await mapPixels(page)).pixels).not.toEqual(before.pixels);
    await screenshot(page, 'spectrum-6-edx-windows');
    // Co has Kα and Lα on this axis: map it with its L lines instead; the windows follow (Co Lα at 776 eV).
    await page.getByTestId('si-line').selectOption('Lα');
    await expect(page.getByTestId('si-map-figure')).toContainText('Co L', { timeout: 20_000 });
    await expect(page.getByTestId('si-map-figure')).not.toContainText('updating', { timeout: 20_000 });
    const lStart = Number(await page.getByTestId('sum-spectrum-window-signal-0').getAttribute('data-start'));
    expect(lStart).toBeGreaterThan(650);
    expect(lStart).toBeLessThan(776);
    expect(problems).toEqual([]);
  });

  test('a single spectrum (.dm3 EELS and EDS) in the Import dialog: plotted against energy, said what it is, not importable', async ({ page }) => {
    const eels = join(IO, 'dm3_EELS_spectrum.dm3'), eds = join(IO, 'dm3_EDS_spectrum.dm3');
    test.skip(!existsSync(eels) || !existsSync(eds), `${eels} or ${eds} not present (../shared/data/io)`);
    const problems = collectProblems(page);
    const folder = mkdtempSync(join(tmpdir(), 'fusem-e2e-spectra-'));
    copyFileSync(eels, join(folder, 'eels.dm3'));
    copyFileSync(eds, join(folder, 'eds.dm3'));
    await listInImportDialog(page, server.url, folder, 2);
    await expect(page.getByTestId('import-file').filter({ hasText: 'eels.dm3' })).toContainText('EELS spectrum');
    await expect(page.getByTestId('import-file').filter({ hasText: 'eds.dm3' })).toContainText('EDX spectrum');
    const plots = page.getByTestId('import-spectrum');
    await expect(plots).toHaveCount(2);
    await expect(plots.nth(1).getByTestId('import-spectrum-summary')).toContainText("EELS spectrum 'EELS Acquire'  2048 channels, -100–923.5 eV at 0.5 eV/channel; 200 kV");
    await expect(plots.nth(0).getByTestId('import-spectrum-summary')).toContainText('live time 3.806 s');
    // each plot draws its counts against energy, linear at first; log counts redraw it
    for (const k of [0, 1]) expect(((await plots.nth(k).locator('path.line').getAttribute('d')) ?? '').length).toBeGreaterThan(1000); // ≥ 1 point per pixel column
    for (const k of [0, 1]) await expect(plots.nth(k).getByTestId('import-spectrum-log')).not.toBeChecked();
    const before = await plots.nth(0).locator('path.line').getAttribute('d');
    await plots.nth(0).getByTestId('import-spectrum-log').check();
    await expect(plots.nth(0).locator('path.line')).not.toHaveAttribute('d', before!);
    // not importable: unticked, the tick disabled, Import off with the reason
    for (const box of await page.getByTestId('import-file').getByRole('checkbox').all()) { await expect(box).not.toBeChecked(); await expect(box).toBeDisabled(); }
    await expect(page.getByTestId('import-go')).toBeDisabled();
    await screenshot(page, 'spectrum-9-single-spectra');
    rmSync(folder, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });

  test('an SI whose HAADF is in a file of its own: both chosen in the Import dialog, imported as one dataset, shown with that HAADF', async ({ page }) => {
    const problems = collectProblems(page);
    const folder = mkdtempSync(join(tmpdir(), 'fusem-e2e-si-adf-'));
    const sim = simulateEelsSpectrumImage(coreShell({ width: 32, height: 32, seed: 4 }), { seed: 5, dose: 300 });
    await writeSpectrumImageHspy(join(folder, 'scan_SI.hspy'), sim.si, null);
    await writeNpy(join(folder, 'scan_ADF.npy'), sim.haadf, [32, 32]);
    await listInImportDialog(page, server.url, folder, 2);
    await expect(page.getByTestId('import-problem')).toHaveText('scan_SI.hspy with scan_ADF.npy as its HAADF');
    await page.getByTestId('import-label').fill('SI with its ADF');
    await page.getByTestId('import-go').click();
    await expect(page.getByTestId('import-dialog')).toBeHidden({ timeout: 60_000 });
    await page.getByTestId('dataset-item').filter({ hasText: 'SI with its ADF' }).click();
    await page.getByTestId('tab-spectrum').click();
    await expect(page.getByTestId('si-info')).toContainText('EELS spectrum image');
    await expect(page.getByTestId('spectrum-panel')).toContainText('HAADF: scan_ADF.npy, imported beside the spectrum image');
    await screenshot(page, 'spectrum-10-si-with-adf');
    rmSync(folder, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });

  test('binning, frames and the EDX method are map settings: the maps follow, their notes say so, and the fused result records them', async ({ page }) => {
    test.skip(!existsSync(VELOX), `${VELOX} not present (../shared/data/io): the frames of a Velox spectrum stream are tested on it`);
    const problems = collectProblems(page);
    await server.service['dataset.import']({ file: VELOX, mode: 'reference', label: 'Velox EDS stream' });
    await page.setViewportSize({ width: 1600, height: 1100 });
    await page.goto(server.url);

    // The EELS SI: energy ×2 and pixels 2×2 remake the map (24×24) and say so beside it.
    await page.getByTestId('dataset-item').filter({ hasText: 'simulated EELS SI' }).click();
    await page.getByTestId('tab-spectrum').click();
    await expect(page.getByTestId('si-info')).toContainText('EELS spectrum image');
    if (await page.getByTestId('pt-O').getAttribute('aria-pressed') !== 'true') await page.getByTestId('pt-O').click();
    await page.getByTestId('si-element-O').click();
    await expect(page.getByTestId('si-map-figure')).not.toContainText('updating', { timeout: 20_000 });
    await page.getByTestId('si-energy-bin').selectOption('2');
    await expect(page.getByTestId('si-map-notes')).toContainText('energy binned by 2 (512 channels of 2 eV)', { timeout: 20_000 });
    await page.getByTestId('si-pixel-bin').selectOption('2');
    await expect(page.getByTestId('si-map-notes')).toContainText(`pixels binned 2×2 (${S / 2}×${S / 2})`, { timeout: 20_000 });
    await expect(page.getByTestId('si-map')).toHaveJSProperty('width', S / 2);
    await screenshot(page, 'spectrum-7-binned');
    await page.getByTestId('si-pixel-bin').selectOption('1');
    await expect(page.getByTestId('si-map')).toHaveJSProperty('width', S, { timeout: 20_000 });
    await expect(page.getByTestId('si-map-notes')).not.toContainText('pixels binned');

    // The Velox stream (2 frames): frame 1 alone, the windows method; Make maps; fuse: the report records both.
    await page.getByTestId('dataset-item').filter({ hasText: 'Velox EDS stream' }).click();
    await page.getByTestId('tab-spectrum').click();
    await expect(page.getByTestId('si-info')).toContainText('EDX spectrum image · 16×16 pixels × 4096 channels');
    for (const el of ['C', 'O', 'Ca']) if (await page.getByTestId(`pt-${el}`).getAttribute('aria-pressed') !== 'true') await page.getByTestId(`pt-${el}`).click();
    await expect(page.getByTestId('si-map-notes')).toContainText('frames 1–2 of 2 summed', { timeout: 20_000 });
    await page.getByTestId('si-frame-last').fill('1');
    await page.getByTestId('si-frame-last').press('Tab');
    await expect(page.getByTestId('si-map-notes')).toContainText('frames 1–1 of 2 summed', { timeout: 20_000 });
    await page.getByTestId('edx-method').selectOption('windows');
    await expect(page.getByTestId('sum-spectrum-window-signal-0')).toBeVisible();
    await expect(page.getByTestId('si-map-figure')).not.toContainText('updating', { timeout: 20_000 });
    await screenshot(page, 'spectrum-8-frames');
    await page.getByTestId('make-maps').click();
    await expect(page.getByTestId('si-applied')).toContainText('The project’s maps use these settings');
    await page.getByTestId('tab-fusion').click();
    await page.getByTestId('param-iterations').fill('8');
    const before = readdirSync(join(dir, 'project', 'results')).length;
    await page.getByTestId('fuse').click();
    await expect(page.getByTestId('fusion-status')).toContainText('Done', { timeout: 180_000 });
    const results = readdirSync(join(dir, 'project', 'results')).filter((d) => existsSync(join(dir, 'project', 'results', d, 'report.json')));
    expect(results.length).toBe(before + 1);
    const notes = results.map((d) => JSON.parse(readFileSync(join(dir, 'project', 'results', d, 'report.json'), 'utf8')) as { notes?: string[] })
      .map((r) => (r.notes ?? []).join('\n')).find((n) => n.includes('frames 1–1 of 2 summed'));
    expect(notes, 'a result recording frame 1 of 2').toBeDefined();
    expect(notes).toMatch(/C: EDX K — window net counts/);
    expect(problems).toEqual([]);
  });
});
