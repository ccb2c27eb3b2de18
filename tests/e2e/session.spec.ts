/**
 * Issue 13: a whole session in the app without the command line, in Chromium against `fusem serve` (in-process):
 * create a project, import a real file by the Import button (upload), drop a simulated acquisition on the window and
 * correct an element label, fuse, reload the page mid-session and carry on, import a folder's files by reference,
 * move them away and still view the result, and an app-wide notice for a corrupt file in a watched folder.
 * Screenshots of each step go to /work/helpers/out-13/ when that folder's parent exists, else test-results/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ga2o3Films, simulateAcquisition } from '../../src/compute/simulate/index.js';
import { writeNpy } from '../../src/compute/io/index.js';
import { chooseScaleBar, colormapLut, layoutFigure, overlayLegend } from '../../src/shared/figure/index.js';
import { decodePng } from '../unit/figure/decode.js';
import { collectProblems, dragOn, screenshots, useServedApp } from './app-page.js';
import { DATA } from '../sample-data.js';

const REAL = join(DATA, 'Co3O4_Mn3O4.h5'); // ../shared/data, or the copy vendored in tests/fixtures/samples
const OUT = process.env['FUSEM_SCREENSHOTS'] ?? (existsSync('/work/helpers') ? '/work/helpers/out-13' : screenshots);

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

/** A 32×32 Ga₂O₃ acquisition as <stem>_HAADF.npy, <stem>_Ga.npy, <stem>_O.npy in `dir`. */
async function writeAcquisition(dir: string, stem: string): Promise<string[]> {
  const S = 32, N = S * S;
  const acq = simulateAcquisition(ga2o3Films({ width: S, height: S }), { chemSnr: 4, haadfSnr: 20, seed: 7 });
  const files = [join(dir, `${stem}_HAADF.npy`), join(dir, `${stem}_Ga.npy`), join(dir, `${stem}_O.npy`)];
  await writeNpy(files[0]!, acq.haadf, [S, S]);
  await writeNpy(files[1]!, acq.maps.slice(0, N), [S, S]);
  await writeNpy(files[2]!, acq.maps.slice(N), [S, S]);
  return files;
}

/** Drop `files` on the window as a user would (a DataTransfer with File objects). */
async function dropFiles(page: Page, files: string[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.split('/').pop()!, b64: readFileSync(f).toString('base64') }));
  const dt = await page.evaluateHandle((list) => {
    const t = new DataTransfer();
    for (const { name, b64 } of list) {
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      t.items.add(new File([bytes], name));
    }
    return t;
  }, payload);
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await expect(page.getByTestId('drop-hint')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
}

/** The image rectangles (PNG px) of the paper figure of a dataset of `elements` (square images `side` px), as layoutFigure places them. */
function paperFigureImageRects(pngWidth: number, widthMm: number, side: number, elements: string[]): { x0: number; y0: number; x1: number; y1: number }[] {
  const img = { width: side, height: side, rgba: new Uint8Array(side * side * 4) };
  const legend = overlayLegend(elements.map((name) => ({ name, color: [255, 0, 255] as const, visible: true })));
  const bar = { lut: colormapLut('viridis'), lo: 0, hi: 1, label: 'X', unit: 'u' };
  const scaleBar = chooseScaleBar(side, 0.5, 'nm');
  const panels = [
    { title: 'HAADF', image: img, scaleBar }, { title: 'Raw', image: img, scaleBar, legend }, { title: 'Fused', image: img, scaleBar, legend },
    ...[...elements, ...elements].map((el) => ({ title: el, image: img, scaleBar, colorBar: bar })),
  ];
  // rows as the app's paper figure lays them: the overview, then the raw maps, then the fused maps
  const layout = layoutFigure({ panels, layout: { columns: 3, rowStarts: [3, 3 + elements.length] }, widthMm, dpi: 300 });
  const s = pngWidth / layout.widthMm;
  return layout.primitives.filter((p) => p.kind === 'image').map((p) => ({
    x0: Math.round(p.x * s), y0: Math.round(p.y * s), x1: Math.round((p.x + p.w) * s) - 1, y1: Math.round((p.y + p.h) * s) - 1,
  }));
}

/** Bounding box of the near-white pixels of `png` in [x0, x1] × [y0, y1], or null. */
function whiteBox(png: { width: number; rgba: Uint8Array }, x0: number, y0: number, x1: number, y1: number) {
  let bx0 = Infinity, bx1 = -Infinity, by0 = Infinity, by1 = -Infinity;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const k = 4 * (y * png.width + x);
      if (png.rgba[k]! > 230 && png.rgba[k + 1]! > 230 && png.rgba[k + 2]! > 230) {
        bx0 = Math.min(bx0, x); bx1 = Math.max(bx1, x); by0 = Math.min(by0, y); by1 = Math.max(by1, y);
      }
    }
  }
  return bx0 === Infinity ? null : { x0: bx0, x1: bx1, y0: by0, y1: by1, h: by1 - by0 + 1 };
}

async function fuse(page: Page, iterations: number): Promise<void> {
  await page.getByTestId('tab-fusion').click();
  await page.getByTestId('param-iterations').fill(String(iterations));
  await page.getByTestId('fuse').click();
  await expect(page.getByTestId('fusion-status')).toContainText('Done', { timeout: 180_000 });
}

test.describe('a whole session in the app', () => {
  const server = useServedApp(300_000);

  test('import (button, drop, folder), correct a label, fuse, reload, move the sources, a notice for a corrupt file', async ({ page }) => {
    test.skip(!existsSync(REAL), `${REAL} is absent: this test imports the real Co₃O₄–Mn₃O₄ file (see README, "Sample data")`);
    const problems = collectProblems(page);
    const work = mkdtempSync(join(tmpdir(), 'fusem-e2e-session-'));
    await page.setViewportSize({ width: 1500, height: 950 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(server.url);

    // A new project.
    await page.getByTestId('new-dir').fill(join(work, 'project'));
    await page.getByTestId('create-project').click();
    await expect(page.getByTestId('project-view')).toBeVisible();
    await expect(page.getByTestId('datasets')).toContainText('Import…');
    await shot(page, '01-empty-project');

    // 1. Import by the button: the real EELS file, uploaded into the project; the dialog shows what it holds.
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-file-input').setInputFiles(REAL);
    const row = page.getByTestId('import-file');
    await expect(row).toHaveCount(1, { timeout: 60_000 });
    await expect(row).toContainText('dataset');
    await expect(row).toContainText('400 × 400');
    await expect(row).toContainText('Co, Mn, O');
    await expect(row.getByTestId('thumbnail')).toBeVisible();
    await shot(page, '02-import-dialog-real-file');
    await page.getByTestId('import-go').click();
    await expect(page.getByTestId('import-dialog')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('dataset-item')).toHaveCount(1);
    await expect(page.getByTestId('dataset-item')).toContainText('Co · Mn · O, 400×400');
    await expect(page.getByTestId('panel-raw-Mn')).toBeVisible();
    await shot(page, '03-imported-real-file');

    // 2. Drop a simulated acquisition (three files) on the window; the Ga map is really In: correct its label.
    const dropped = await writeAcquisition(mkdtempSync(join(work, 'drop-')), 'scan001');
    await dropFiles(page, dropped);
    await expect(page.getByTestId('import-file')).toHaveCount(3, { timeout: 60_000 });
    await expect(page.getByTestId('import-labels')).toContainText('read as Ga');
    await page.getByTestId('relabel-Ga').fill('In');
    await expect(page.getByTestId('import-problem')).toContainText('3 files');
    await shot(page, '04-drop-correct-label');
    await page.getByTestId('import-go').click();
    await expect(page.getByTestId('import-dialog')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('dataset-item')).toHaveCount(2);
    await expect(page.getByTestId('dataset-item').nth(1)).toContainText('In · O, 32×32');
    await expect(page.getByTestId('panel-raw-In')).toBeVisible();

    // 3. Fuse it: the result has a human name (dataset · parameters · time).
    await fuse(page, 15);
    await expect(page.getByTestId('result-item')).toHaveCount(1);
    await expect(page.getByTestId('result-item')).toContainText(/scan001_HAADF\.npy \+ 2 more · λ_TV [\d.e-]+, λ_chem [\d.e-]+, γ 1\.7 · \d\d:\d\d/);
    await expect(page.getByTestId('panel-fused-overlay').getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
    await shot(page, '05-fused');

    // 4. Reload mid-session: the page comes back to the same project, still writable; rename the result and fuse again.
    await page.reload();
    await expect(page.getByTestId('project-view')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('dataset-item')).toHaveCount(2);
    await expect(page.getByTestId('import-button')).toBeEnabled();
    await page.getByTestId('dataset-item').nth(1).click();
    await expect(page.getByTestId('result-item')).toHaveCount(1);
    await page.getByTestId('rename-result').click();
    await page.getByTestId('rename-input').fill('In₂O₃ films, first try');
    await page.getByTestId('rename-input').press('Enter');
    await expect(page.getByTestId('result-item')).toContainText('In₂O₃ films, first try');
    await fuse(page, 10);
    await expect(page.getByTestId('result-item')).toHaveCount(2);
    await shot(page, '06-after-reload-renamed-fused-again');

    // 4b. The paper figure (HAADF, overlays, raw and fused maps) as PNG at a pixel size set in Display: every
    // scale-bar label lies inside its image (found by image analysis of the PNG in the panels' rectangles).
    await page.getByTestId('display-toggle').click();
    await page.getByTestId('pixel-size').fill('0.5');
    await page.getByTestId('pixel-unit').selectOption('nm');
    await page.getByTestId('pixel-size-apply').click();
    await page.getByTestId('display-toggle').click();
    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-what').selectOption('paper');
    await page.getByTestId('export-width').fill('120');
    await page.getByTestId('export-dpi').fill('300');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(download.suggestedFilename()).toMatch(/paper-figure_300dpi\.png$/);
    const png = decodePng(new Uint8Array(readFileSync(await download.path())));
    // The same figure made by the backend into the project's exports/ (export.figure, with the screen's settings).
    await page.getByTestId('export-figure-layout').selectOption('paper');
    await page.getByTestId('export-figure-png').click();
    await expect(page.getByTestId('export-file').first()).toHaveText(/exports.*paper.*\.png$/, { timeout: 60_000 });
    const backend = decodePng(new Uint8Array(readFileSync((await page.getByTestId('export-file').first().textContent())!)));
    expect([backend.width, backend.height]).toEqual([png.width, png.height]);
    for (const figure of [png, backend]) {
      const rects = paperFigureImageRects(figure.width, 120, 32, ['In', 'O']);
      let labelled = 0;
      for (const r of rects.slice(3)) { // the colour-mapped maps: no white in viridis, so white there is the bar and its label
        const box = whiteBox(figure, r.x0, r.y0 + Math.floor(0.6 * (r.y1 - r.y0)), r.x1, r.y1);
        expect(box, `panel at x ${r.x0}: a scale bar and its label`).not.toBeNull();
        expect(box!.x0).toBeGreaterThan(r.x0 + 1);
        expect(box!.x1).toBeLessThan(r.x1 - 1);
        expect(box!.h).toBeGreaterThan(8); // bar plus label text above it, not the bar alone
        labelled++;
      }
      expect(labelled).toBe(4);
    }
    await shot(page, '06b-paper-figure-exported');

    // 4c. A line profile across the films: its length in nm (the pixel size set above), the HAADF traced, curves normalised.
    await page.getByTestId('tool-line').click();
    await dragOn(page, page.getByTestId('panel-fused-In').getByTestId('image-view'), [4, 16], [28, 16]);
    await expect(page.getByTestId('tab-profiles')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('profile-length').first()).toContainText('12 nm (24 px)');
    await expect(page.getByTestId('profile-plot')).toContainText('distance (nm)');
    await expect(page.getByTestId('profile-plot')).toContainText('each curve ÷ its maximum');
    await expect(page.getByTestId('profile-HAADF-raw')).toBeVisible();
    await expect(page.getByTestId('profile-dock')).toContainText('12 nm (24 px)'); // the plot beneath the images says it too
    await shot(page, '06c-line-profile-calibrated');
    await page.getByTestId('tool-pan').click();

    // 5. A folder on the server, listed in the Import dialog, imported by reference; fused; then the folder moves away.
    const folder = join(work, 'acquisitions');
    mkdirSync(folder);
    await writeAcquisition(folder, 'scan002');
    writeFileSync(join(folder, 'scan003_Co.npy'), 'not a numpy file');
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-dir').fill(folder);
    await page.getByTestId('import-list').click();
    await expect(page.getByTestId('import-file')).toHaveCount(4);
    await expect(page.getByTestId('import-file').filter({ hasText: 'scan003_Co.npy' })).toContainText('unreadable');
    await page.getByText('reference where they are').click();
    await shot(page, '07-folder-browser-reference');
    await page.getByTestId('import-go').click();
    await expect(page.getByTestId('import-dialog')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('dataset-item')).toHaveCount(3);
    await fuse(page, 10);
    renameSync(folder, `${folder}-moved`);
    await page.reload();
    await expect(page.getByTestId('project-view')).toBeVisible({ timeout: 30_000 });
    const moved = page.getByTestId('dataset-item').nth(2);
    await expect(moved.getByTestId('dataset-problem')).toContainText(join(folder, 'scan002_'));
    await moved.click();
    // the notice names the file, not an internal id, and the result is still shown from the inputs it kept
    await expect(page.getByTestId('notice').first()).toContainText(join(folder, 'scan002_'));
    await expect(page.getByTestId('notice').first()).not.toContainText('ds-');
    await expect(page.getByTestId('panel-fused-overlay').getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
    await expect(page.getByTestId('panel-raw-Ga')).toBeVisible();
    await shot(page, '08-sources-moved-result-still-shown');
    await expect(page.getByTestId('notice')).toHaveCount(1); // one notice, not the problem twice
    await page.getByTestId('notice').getByRole('button', { name: 'Dismiss' }).click();

    // 6. Watching a folder that does not exist is refused; a corrupt file in a watched folder makes an app-wide notice.
    await page.getByTestId('tab-watch').click();
    await page.getByTestId('watch-dir').fill(join(work, 'no-such-folder'));
    await page.getByTestId('watch-start').click();
    await expect(page.getByTestId('notice').first()).toContainText(`${join(work, 'no-such-folder')} does not exist`);
    const watched = join(work, 'watched');
    mkdirSync(watched);
    await page.getByTestId('watch-dir').fill(watched);
    await page.getByTestId('watch-start').click();
    await expect(page.getByTestId('watch-stop')).toBeVisible();
    writeFileSync(join(watched, 'broken.emd'), 'this is not an HDF5 file at all');
    await expect(page.getByTestId('notice').first()).toContainText('broken.emd', { timeout: 60_000 });
    await shot(page, '09-notice-corrupt-file');
    await page.getByTestId('watch-stop').click();

    expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  });
});
