/**
 * Issue 6 in Chromium against a real backend (`fusem serve` in-process, a fresh config folder): the trust features.
 * Open the demo and fuse it; the Measure panel shows a standard error of the mean beside mean ± std; the image grid
 * swaps the fused maps for the standard-error maps and back; γ sensitivity fuses at three γ and tabulates them; a
 * small dose/SNR sweep runs to its heat maps and CSV; "Suggest" chooses λ by cross-validation and shows the curve.
 * Screenshots: test-results/screenshots/trust-*.png.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { coreShell, deepestPixel } from '../../src/compute/simulate/index.js';
import { collectProblems, pagePoint, screenshot, useServedApp } from './app-page.js';

const ITERATIONS = 10;

const shot = (page: Page, name: string) => screenshot(page, `trust-${name}`);

test.describe('issue 6: standard errors, γ sensitivity, sweeps, suggested λ', () => {
  const server = useServedApp(360_000);

  test('demo → fuse → ± SE, SE maps, γ sensitivity, sweep, suggest', async ({ page }) => {
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(server.url);

    // Open the demo and fuse it with few iterations.
    await page.getByTestId('open-demo').click();
    await expect(page.getByTestId('project-view')).toBeVisible();
    await expect(page.getByTestId('panel-raw-Co').getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
    await expect(page.getByTestId('show-stderr')).toBeDisabled(); // nothing fused yet
    await page.getByTestId('param-iterations').fill(String(ITERATIONS));
    await page.getByTestId('fuse').click();
    await expect(page.getByTestId('fusion-status')).toContainText('Done', { timeout: 180_000 });
    await expect(page.getByTestId('result-item')).toHaveCount(1);
    // The result's average standard error per element.
    const summary = page.getByTestId('stderr-summary');
    await expect(summary).toContainText('Average standard error');
    for (const el of ['Co', 'S', 'O']) await expect(summary).toContainText(el);
    await shot(page, '1-fused');

    // Measure a core pixel: mean ± std ± SE, the SE a positive number from the backend's standard-error maps.
    const phantom = coreShell({ width: 256, height: 256, seed: 1 });
    const core = deepestPixel(phantom.regions![0]!.mask, phantom.width, phantom.height)!;
    await page.getByTestId('tool-point').click();
    const haadfView = page.getByTestId('panel-haadf').getByTestId('image-view');
    const at = await pagePoint(haadfView, core.x + 0.5, core.y + 0.5);
    await page.mouse.click(at.x, at.y);
    await expect(page.getByTestId('composition-source')).toContainText(/fused result/);
    for (const el of phantom.elements) {
      const se = page.getByTestId(`composition-se-${el}`);
      await expect(se).toHaveText(/^\d+(\.\d+)?(e-?\d+)?$/, { timeout: 30_000 });
      await expect(page.getByTestId(`composition-${el}`)).toHaveText(/^\d/);
    }
    const seCo = Number(await page.getByTestId('composition-se-Co').textContent());
    expect(seCo).toBeGreaterThan(0);
    expect(seCo).toBeLessThan(50);
    await shot(page, '2-measure-se');

    // The standard-error maps in place of the fused maps, and back.
    const toggle = page.getByTestId('show-stderr');
    await expect(toggle).toBeEnabled();
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    for (const el of ['Co', 'S', 'O']) {
      await expect(page.getByTestId(`panel-stderr-${el}`).getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
      await expect(page.getByTestId(`panel-stderr-${el}`).getByTestId('view-title')).toContainText(`${el} SE`);
    }
    await expect(page.getByTestId('panel-fused-Co')).toHaveCount(0);
    await expect(page.getByTestId('panel-fused-overlay').getByTestId('image-view')).toBeVisible(); // the overlay stays fused
    await shot(page, '3-stderr-maps');
    await toggle.click();
    await expect(page.getByTestId('panel-stderr-Co')).toHaveCount(0);
    await expect(page.getByTestId('panel-fused-Co')).toBeVisible();

    // γ sensitivity at three values of γ in the clicked region: three rows and the spread per element.
    await page.getByTestId('gamma-values').fill('1.5, 1.7, 1.9');
    await page.getByTestId('gamma-scan').click();
    const gammaTable = page.getByTestId('gamma-table');
    await expect(gammaTable.getByTestId('gamma-row')).toHaveCount(3, { timeout: 180_000 });
    await expect(gammaTable.getByTestId('gamma-row').first()).toContainText('1.5');
    for (const el of phantom.elements) await expect(page.getByTestId(`gamma-spread-${el}`)).toHaveText(/^\d+(\.\d+)? pp$/);
    await page.getByTestId('gamma-table').scrollIntoViewIfNeeded();
    await shot(page, '4-gamma');

    // A small sweep: core–shell 32 px, 2 × 2 SNRs, one realisation → four cells with numbers in both heat maps.
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('sweep-phantom').selectOption('core-shell');
    // 24 px is refused: the phantoms are drawn at 32 px or more (SweepPanel says so before starting).
    await page.getByTestId('sweep-size').fill('24');
    await expect(page.getByTestId('sweep-start')).toBeDisabled();
    await page.getByTestId('sweep-size').fill('32');
    await page.getByTestId('sweep-haadf-snr').fill('5,40');
    await page.getByTestId('sweep-chem-snr').fill('1,4');
    await page.getByTestId('sweep-realisations').fill('1');
    await page.getByTestId('sweep-start').click();
    await expect(page.getByTestId('sweep-item')).toHaveCount(1, { timeout: 30_000 });
    const cells = page.getByTestId('sweep-heatmap').getByTestId('sweep-cell');
    await expect(cells).toHaveCount(4);
    await expect(page.getByTestId('sweep-status')).toContainText('4 / 4 cells', { timeout: 240_000 });
    await expect(page.getByTestId('sweep-status')).toContainText('complete', { timeout: 30_000 });
    for (let k = 0; k < 4; k++) {
      await expect(cells.nth(k)).toHaveText(/^\d+(\.\d+)?(e-?\d+)?$/);
      expect(Number(await cells.nth(k).getAttribute('data-value'))).toBeGreaterThan(0);
      await expect(page.getByTestId('sweep-heatmap-stderr').getByTestId('sweep-stderr-cell').nth(k)).toHaveText(/^\d/);
    }
    await expect(page.getByTestId('sweep-correlation')).toContainText(/r = -?\d/);
    await shot(page, '5-sweep');
    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('sweep-csv').click();
    const csv = readFileSync(await (await csvDownload).path()).toString('utf8').trim().split('\n');
    expect(csv[0]).toBe('haadf_snr,chem_snr,mean_nrmse,raw_mean_nrmse,average_stderr');
    expect(csv).toHaveLength(5);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['5,1', '5,4', '40,1', '40,4']);
    for (const line of csv.slice(1)) for (const v of line.split(',')) expect(Number.isFinite(Number(v)) && v !== '').toBe(true);

    // Suggest λ by cross-validation: the validation curve with the chosen cell marked, the chosen λ in the form.
    await page.getByTestId('tab-fusion').click();
    await page.getByTestId('suggest-params').check();
    await page.getByTestId('fuse').click();
    await expect(page.getByTestId('result-item')).toHaveCount(2, { timeout: 240_000 });
    await expect(page.getByTestId('fusion-status')).toContainText('Done');
    const curve = page.getByTestId('validation-curve');
    await expect(curve).toBeVisible();
    expect(await curve.getByTestId('validation-cell').count()).toBeGreaterThan(1);
    const marked = curve.locator('[data-marked="true"]');
    await expect(marked).toHaveCount(1);
    const chosen = (await page.getByTestId('auto-chosen').textContent())!;
    const m = /λ_TV ([\d.e-]+), λ_chem ([\d.e-]+)/.exec(chosen)!;
    expect(Number(await page.getByTestId('param-lambdaTV').inputValue())).toBeCloseTo(Number(m[1]), 6);
    expect(Number(await page.getByTestId('param-lambdaChem').inputValue())).toBeCloseTo(Number(m[2]), 6);
    await curve.scrollIntoViewIfNeeded();
    await shot(page, '6-suggest');

    expect(problems).toEqual([]);
  });
});
