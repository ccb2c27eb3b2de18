/**
 * Issue 12 in Chromium against a real backend: every composition on the Measure panel carries its unit — the raw maps'
 * and an uncalibrated result's "map-intensity ratio (not calibrated)", a result fused with factors from the Fuse panel's
 * table "atomic % (k-factors given)" — on the table, its header, the histogram fit and the γ table.
 * Screenshots: test-results/screenshots/stoichiometry-*.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { coreShell, deepestPixel } from '../../src/compute/simulate/index.js';
import { collectProblems, pagePoint, screenshot, useServedApp } from './app-page.js';

const HONEST = /^(atomic % \(k-factors given( ± [\d.]+ %)?\)|atomic % \(k-ratios estimated from HAADF ± [\d.]+ %\)|atomic % \(k-ratios from HAADF and given factors ± [\d.]+ %\)|map-intensity ratio \(not calibrated\))$/;

/** The composition table's caption (the unit of all its columns) and (when shown) the histogram fit say `unit`; no header wraps. */
async function expectUnit(page: Page, unit: RegExp): Promise<void> {
  const caption = page.getByTestId('composition').locator('caption');
  await expect(caption).toHaveText(unit, { timeout: 30_000 });
  await expect(caption).toHaveAttribute('data-testid', 'composition-unit');
  const text = (await caption.textContent())!.trim();
  expect(text).toMatch(HONEST);
  // the column headers name the columns, each on one line (the unit in every header wrapped to six lines)
  const heads = page.getByTestId('composition').locator('thead th');
  for (const h of await heads.all()) {
    const box = await h.boundingBox();
    if ((await h.textContent())!.trim() !== '') expect(box!.height).toBeLessThan(24);
  }
  if (await page.getByTestId('gaussian-fit').count()) await expect(page.getByTestId('gaussian-unit')).toHaveText(text);
}

test.describe('issue 12: honest units on every composition', () => {
  const server = useServedApp(300_000);

  test('raw maps, an uncalibrated result and a result with given factors: each composition says what it is', async ({ page }) => {
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    await page.getByTestId('open-demo').click();
    await expect(page.getByTestId('project-view')).toBeVisible();

    // A click on a core pixel (radius 4 px: a histogram too) of the raw maps.
    const phantom = coreShell({ width: 256, height: 256, seed: 1 });
    const core = deepestPixel(phantom.regions![0]!.mask, phantom.width, phantom.height)!;
    await page.getByTestId('tab-measure').click();
    await page.getByTestId('probe-radius').fill('4');
    await page.getByTestId('tool-point').click();
    const haadfView = page.getByTestId('panel-haadf').getByTestId('image-view');
    const click = async () => { const at = await pagePoint(haadfView, core.x + 0.5, core.y + 0.5); await page.mouse.click(at.x, at.y); };
    await click();
    await expectUnit(page, /^map-intensity ratio \(not calibrated\)$/);
    await screenshot(page, 'stoichiometry-1-raw');

    // Fuse without factors: whatever the HAADF could tell, the label says which.
    await page.getByTestId('tab-fusion').click();
    await page.getByTestId('param-iterations').fill('8');
    await page.getByTestId('fuse').click();
    await expect(page.getByTestId('fusion-status')).toContainText('Done', { timeout: 180_000 });
    await expect(page.getByTestId('stoichiometry-note')).toContainText(/Compositions: (atomic %|map-intensity ratio)/);
    await page.getByTestId('tab-measure').click();
    await click();
    await expect(page.getByTestId('composition-source')).toContainText(/fused result/);
    await expectUnit(page, HONEST);

    // Factors from the Fuse panel's table: sensitivities (the demo is simulated with equal ones).
    await page.getByTestId('tab-fusion').click();
    await page.getByTestId('factor-kind').selectOption('sensitivity');
    await expect(page.getByTestId('fuse')).toBeDisabled(); // every element needs a value
    for (const el of ['Co', 'O', 'S']) await page.getByTestId(`factor-${el}`).fill('1');
    await page.getByTestId('fuse').click();
    await expect(page.getByTestId('result-item')).toHaveCount(2, { timeout: 180_000 });
    await expect(page.getByTestId('fusion-status')).toContainText('Done');
    await expect(page.getByTestId('stoichiometry-note')).toContainText('atomic % (k-factors given)');
    // the result's whole-image composition: the summed measured maps (± SE, with the unit), beside the fused maps' mean ratios
    const wholeSummed = page.getByTestId('result-composition-summed');
    await expect(wholeSummed).toContainText('Whole image, summed input maps (atomic % (k-factors given)):');
    const text = (await wholeSummed.textContent()) ?? '';
    const shares = phantom.elements.map((el) => new RegExp(`\\b${el}\\s+(\\d+\\.\\d)\\s+±\\s+(\\d+\\.\\d)`).exec(text));
    for (const sh of shares) expect(Number(sh?.[2])).toBeGreaterThan(0); // each element: a percentage ± a standard error
    expect(Math.abs(shares.reduce((a, sh) => a + Number(sh?.[1]), 0) - 100)).toBeLessThan(0.3);
    await expect(page.getByTestId('result-composition-fused')).toContainText('mean of the fused per-pixel ratios (atomic % (k-factors given)');
    await screenshot(page, 'stoichiometry-2-factors');
    await page.getByTestId('tab-measure').click();
    await click();
    await expectUnit(page, /^atomic % \(k-factors given\)$/);
    for (const el of phantom.elements) await expect(page.getByTestId(`composition-${el}`)).toHaveText(/^\d/);
    // a result's region also shows its share of the summed measured maps, ± its standard error
    for (const el of phantom.elements) await expect(page.getByTestId(`composition-summed-${el}`)).toHaveText(/^\d+\.\d ± [\d.]+$/);
    await screenshot(page, 'stoichiometry-3-measure');

    // Factors with an uncertainty (± % column): a prior; core–shell is not identifiable, so the factors alone, with their ±.
    await page.getByTestId('tab-fusion').click();
    await page.getByTestId('factor-uncertainty-O').fill('ten');
    await expect(page.getByRole('alert')).toContainText('O: the uncertainty must be a percentage');
    await expect(page.getByTestId('fuse')).toBeDisabled();
    for (const el of ['Co', 'O', 'S']) await page.getByTestId(`factor-uncertainty-${el}`).fill('10');
    await page.getByTestId('fuse').click();
    await expect(page.getByTestId('result-item')).toHaveCount(3, { timeout: 180_000 });
    await expect(page.getByTestId('fusion-status')).toContainText('Done');
    await expect(page.getByTestId('stoichiometry-note')).toContainText('atomic % (k-factors given ± 14 %)');
    await page.getByTestId('tab-measure').click();
    await click();
    await expectUnit(page, /^atomic % \(k-factors given ± 14 %\)$/);
    await screenshot(page, 'stoichiometry-4-prior');
    expect(problems).toEqual([]);
  });
});
