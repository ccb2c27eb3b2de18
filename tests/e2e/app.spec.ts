/**
 * The whole app in Chromium against a real backend (`fusem serve` in-process, a fresh config folder): open the demo,
 * fuse it, watch the convergence plot and the overlay appear, draw a line profile, click-measure stoichiometry on the
 * phantom's core and shell against its truth, export PNG / SVG / PDF, and save a screenshot of each main view.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Download, type Page } from '@playwright/test';
import { coreShell, deepestPixel, ga2o3Films, simulateAcquisition } from '../../src/compute/simulate/index.js';
import { writeNpy } from '../../src/compute/io/index.js';
import { chooseScaleBar } from '../../src/shared/figure/index.js';
import { collectProblems, pagePoint, screenshot, useServedApp } from './app-page.js';

const ITERATIONS = 20;
const PIXEL_NM = 0.5;

async function saved(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFileSync(file);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const shot = (page: Page, name: string) => screenshot(page, `${name}`);

test.describe('the fusem app in Chromium', () => {
  const server = useServedApp(240_000);

  test('demo → fuse → overlay, profile, stoichiometry, export', async ({ page }) => {
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.emulateMedia({ colorScheme: 'dark' }); // theme 'system' follows it
    await page.goto(server.url);

    // Start: the welcome view.
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(page.getByTestId('api-version')).toHaveText(/^fusem \d/);
    await shot(page, '1-welcome');

    // Open the demo: HAADF, every raw map and the raw overlay are drawn.
    await page.getByTestId('open-demo').click();
    await expect(page.getByTestId('project-view')).toBeVisible();
    for (const el of ['Co', 'S', 'O']) {
      await expect(page.getByTestId(`panel-raw-${el}`).getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
    }
    await expect(page.getByTestId('panel-raw-overlay').getByTestId('legend-item')).toHaveCount(3);
    await shot(page, '2-project-raw');

    // Fuse with few iterations: the convergence plot fills and the fused overlay appears.
    await page.getByTestId('param-iterations').fill(String(ITERATIONS));
    await page.keyboard.press('Escape'); // leave the field: F is a shortcut only outside text fields
    // every text the status line shows, to see the λ search's progress (λ are chosen from the data by default)
    await page.getByTestId('fusion-status').evaluate((el) => {
      const seen: string[] = ((window as unknown as { statusSeen: string[] }).statusSeen = []);
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await page.keyboard.press('f');
    await expect(page.getByTestId('fusion-status')).toContainText('Done', { timeout: 180_000 });
    const seen = await page.evaluate(() => (window as unknown as { statusSeen: string[] }).statusSeen);
    expect(seen.some((t) => /Choosing λ from the data: [1-9]\d* trial fusions, best so far λ_TV \S+, λ_chem \S+/.test(t)), seen.slice(0, 5).join(' | ')).toBe(true);
    const plot = page.getByTestId('convergence-plot');
    await expect(plot).toHaveAttribute('data-points', String(ITERATIONS));
    await expect(plot.locator('circle.pt')).toHaveCount(3 * ITERATIONS);
    const fusedOverlay = page.getByTestId('panel-fused-overlay').getByTestId('image-view');
    await expect(fusedOverlay).not.toHaveAttribute('data-frames', '0');
    await expect(page.getByTestId('panel-fused-overlay').getByTestId('view-title')).toHaveText('Fused overlay');
    await expect(page.getByTestId('result-item')).toHaveCount(1);
    await shot(page, '3-fused');

    // Fuse again with many iterations: the preview maps update while it runs, Esc cancels, the first result stays.
    await page.getByTestId('param-iterations').fill('400');
    await page.keyboard.press('Escape');
    await page.keyboard.press('f');
    await expect(page.getByTestId('panel-fused-overlay').getByTestId('view-title')).toContainText('Fused preview', { timeout: 30_000 });
    await expect(page.getByTestId('convergence-plot')).not.toHaveAttribute('data-points', /^(\d|1\d)$/); // ≥ 20 points
    await shot(page, '3b-fusing');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('fusion-status')).toContainText('Cancelled');
    await expect(page.getByTestId('result-item')).toHaveCount(1);
    await expect(page.getByTestId('panel-fused-overlay').getByTestId('view-title')).toHaveText('Fused overlay');

    // Raw | fused split view.
    await page.getByTestId('split-toggle').click();
    await expect(page.getByTestId('split-panel').getByTestId('split-view')).toBeVisible();
    await shot(page, '3c-split');
    await page.keyboard.press('s');
    await expect(page.getByTestId('image-grid')).toBeVisible();

    // Stoichiometry, point and click: the deepest pixel of the phantom's core and shell, within 5 percentage points.
    const phantom = coreShell({ width: 256, height: 256, seed: 1 });
    await page.getByTestId('tool-point').click();
    const haadfView = page.getByTestId('panel-haadf').getByTestId('image-view');
    
    for (const region of phantom.regions!) {
      const px = deepestPixel(region.mask, phantom.width, phantom.height)!;
      const at = await pagePoint(haadfView, px.x + 0.5, px.y + 0.5);
      await page.mouse.click(at.x, at.y);
      await expect(page.getByTestId('composition-source')).toContainText(/fused result/);
      for (const el of phantom.elements) {
        const cell = page.getByTestId(`composition-${el}`);
        await expect(cell).toHaveText(/^\d+(\.\d+)?$/);
        const measured = Number(await cell.textContent());
        const truth = 100 * region.composition[el]!;
        expect(Math.abs(measured - truth), `${region.name} ${el}: measured ${measured} %, truth ${truth.toFixed(1)} %`).toBeLessThan(5);
      }
      await expect(page.getByTestId('histogram')).toBeVisible();
      await expect(page.getByTestId('gaussian-fit')).toContainText('μ =');
    }
    // A rectangle drawn inside the first core measures the same composition.
    const coreRegion = phantom.regions![0]!;
    const c0 = deepestPixel(coreRegion.mask, phantom.width, phantom.height)!;
    await page.getByTestId('tool-rect').click();
    const r0 = await pagePoint(haadfView, c0.x - 2, c0.y - 2);
    const r1 = await pagePoint(haadfView, c0.x + 3, c0.y + 3);
    await page.mouse.move(r0.x, r0.y);
    await page.mouse.down();
    await page.mouse.move(r1.x, r1.y, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('composition-source')).toContainText('R3: 25 pixels');
    for (const el of phantom.elements) {
      const measured = Number(await page.getByTestId(`composition-${el}`).textContent());
      expect(Math.abs(measured - 100 * coreRegion.composition[el]!)).toBeLessThan(5);
    }
    await shot(page, '4-stoichiometry');

    // Line profile across the first core: raw and fused values of every element along it.
    const core = deepestPixel(phantom.regions![0]!.mask, phantom.width, phantom.height)!;
    await page.getByTestId('tool-line').click();
    const a = await pagePoint(haadfView, core.x - 30, core.y + 0.5);
    const b = await pagePoint(haadfView, core.x + 30, core.y + 0.5);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
    await page.mouse.move(b.x, b.y, { steps: 4 });
    await page.mouse.up();
    await expect(page.getByTestId('profile-plot')).toBeVisible();
    const points = Number(await page.getByTestId('profile-plot').getAttribute('data-points'));
    expect(points).toBeGreaterThan(40);
    for (const el of phantom.elements) {
      for (const kind of ['raw', 'fused']) await expect(page.getByTestId(`profile-${el}-${kind}`)).toHaveText(/^-?\d/);
    }
    // The middle of the line is inside the core: more Co and S than O in the fused maps.
    const value = async (id: string) => Number(await page.getByTestId(id).textContent());
    expect(await value('profile-S-fused')).toBeGreaterThan(await value('profile-O-fused'));
    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('profile-csv').click();
    const csv = (await saved(await csvDownload)).toString('utf8');
    const header = csv.split('\n')[0]!.split(',');
    expect(header.slice(0, 2)).toEqual(['distance_px', 'distance_nm']); // the demo is calibrated
    expect(header.slice(2).sort()).toEqual(['HAADF_raw', ...phantom.elements.flatMap((el) => [`${el}_fused`, `${el}_raw`])].sort()); // the HAADF is traced too (issue 13)
    expect(csv.trim().split('\n')).toHaveLength(points + 1);
    const profileDownload = page.waitForEvent('download');
    await page.getByTestId('profile-svg').click();
    const profileSvg = (await saved(await profileDownload)).toString('utf8');
    expect(profileSvg).toContain('distance (nm)');
    expect(profileSvg.match(/<polyline /g)).toHaveLength(2 * phantom.elements.length); // raw and fused per element
    await shot(page, '5-profile');

    // Undo removes the profile, redo brings it back.
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('profile-mark')).toHaveCount(0);
    await page.keyboard.press('Control+Shift+z');
    await expect(page.getByTestId('profile-mark').first()).toBeVisible();

    // Calibrate (the simulated files carry no pixel size), then export the current view.
    await page.getByTestId('display-toggle').click();
    await page.getByTestId('pixel-size').fill(String(PIXEL_NM));
    await page.getByTestId('pixel-unit').selectOption('nm');
    await page.getByTestId('pixel-size-apply').click();
    await expect(page.getByTestId('calibration')).toContainText(`${PIXEL_NM} nm`);
    await shot(page, '6-display');
    await page.getByTestId('display-toggle').click();
    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-dpi').fill('300');
    await page.getByTestId('export-width').fill('85');
    const widthPx = Math.round((85 * 300) / 25.4);
    await expect(page.getByTestId('export-png-size')).toContainText(`${widthPx} ×`);

    const pngDownload = page.waitForEvent('download');
    await page.getByTestId('export-png').click();
    const png = await saved(await pngDownload);
    expect(pngSize(png).width).toBe(widthPx);

    const scaleLabel = chooseScaleBar(256, PIXEL_NM, 'nm')!.label;
    const svgDownload = page.waitForEvent('download');
    await page.getByTestId('export-svg').click();
    const svg = (await saved(await svgDownload)).toString('utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain(`>${scaleLabel}</text>`);

    const pdfDownload = page.waitForEvent('download');
    await page.getByTestId('export-pdf').click();
    const pdfPath = await (await pdfDownload).path();
    expect(readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' })).toMatch(/Pages:\s+1/);

    // The backend's multi-panel figure and data, written into the project's exports/ folder.
    await page.getByTestId('export-figure-pdf').click();
    const figureFile = page.getByTestId('export-file').first();
    await expect(figureFile).toHaveText(/exports.*\.pdf$/);
    expect(execFileSync('pdfinfo', [(await figureFile.textContent())!], { encoding: 'utf8' })).toMatch(/Pages:\s+1/);
    await page.getByTestId('export-data-tiff').click();
    await expect(page.getByTestId('export-file').first()).toHaveText(/\.tiff?$/);
    expect(existsSync((await page.getByTestId('export-file').first().textContent())!)).toBe(true);
    await shot(page, '7-export');

    // The acquisition-watching tab and the light theme.
    await page.getByTestId('tab-watch').click();
    await expect(page.getByTestId('watch-status')).toContainText('Not watching');
    const acquisition = mkdtempSync(join(tmpdir(), 'fusem-e2e-acq-'));
    try {
      await page.getByTestId('watch-dir').fill(acquisition);
      await page.getByTestId('watch-start').click();
      await expect(page.getByTestId('watch-status')).toContainText(`Watching ${acquisition}`);
      // An acquisition lands in the folder: it is fused and its result shown at once, without a click.
      const S = 48, N = S * S;
      const acq = simulateAcquisition(ga2o3Films({ width: S, height: S }), { chemSnr: 4, haadfSnr: 20, seed: 9 });
      await writeNpy(join(acquisition, 'scan042_HAADF.npy'), acq.haadf, [S, S]);
      await writeNpy(join(acquisition, 'scan042_Ga.npy'), acq.maps.slice(0, N), [S, S]);
      await writeNpy(join(acquisition, 'scan042_O.npy'), acq.maps.slice(N), [S, S]);
      await expect(page.locator('[data-testid="dataset-item"].sel')).toContainText('watched scan042', { timeout: 30_000 });
      await expect(page.getByTestId('result-item').first()).toHaveClass(/sel/);
      await shot(page, '8-watch');
      await page.getByTestId('watch-stop').click();
      await expect(page.getByTestId('watch-status')).toContainText('Not watching');
    } finally {
      rmSync(acquisition, { recursive: true, force: true });
    }
    await page.getByTestId('tab-fusion').click();
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await shot(page, '9-light');
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts')).toBeVisible();
    await shot(page, '10-shortcuts');

    expect(problems).toEqual([]);
  });
});
