/**
 * Issue 13 in Chromium against a real backend: the CLI's presets (default, reference) in the Fuse panel — choosing one
 * fills the form, editing a value makes it "custom", and a result fused with one carries its name; a reference result's
 * region shares are shown as no composition (only the summed measured maps' column), and its γ scan is off.
 */
import { expect, test } from '@playwright/test';
import { coreShell, deepestPixel } from '../../src/compute/simulate/index.js';
import { collectProblems, pagePoint, screenshot, useServedApp } from './app-page.js';

test.describe('issue 13: presets in the Fuse panel', () => {
  const server = useServedApp(240_000);

  test('reference fills the authors’ values and its result says so; default restores fusem’s; an edit is custom', async ({ page }) => {
    const problems = collectProblems(page);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    await page.getByTestId('open-demo').click();
    await expect(page.getByTestId('project-view')).toBeVisible();
    await page.getByTestId('tab-fusion').click();
    const preset = page.getByTestId('param-preset');
    await expect(preset).toHaveValue('default');

    await preset.selectOption('reference');
    await expect(page.getByTestId('param-lambdaTV')).toHaveValue('0.022');
    await expect(page.getByTestId('param-lambdaChem')).toHaveValue('0.006');
    await expect(page.getByTestId('param-gamma')).toHaveValue('1.6');
    await page.getByTestId('fuse').click();
    await expect(page.getByTestId('fusion-status')).toContainText('Done', { timeout: 180_000 });
    await expect(page.getByTestId('result-item').first()).toContainText(/reference: λ_TV 0\.022, λ_chem 0\.006, γ 1\.6/);
    await screenshot(page, 'presets-1-reference');

    // Its region shares are not a composition (each map min–max scaled on its own): blank, said why; the summed measured
    // maps still give one; no γ scan. A click on a core pixel (radius 4 px) of the demo.
    const phantom = coreShell({ width: 256, height: 256, seed: 1 });
    const core = deepestPixel(phantom.regions![0]!.mask, phantom.width, phantom.height)!;
    await page.getByTestId('tab-measure').click();
    await page.getByTestId('probe-radius').fill('4');
    await page.getByTestId('tool-point').click();
    const at = await pagePoint(page.getByTestId('panel-haadf').getByTestId('image-view'), core.x + 0.5, core.y + 0.5);
    await page.mouse.click(at.x, at.y);
    await expect(page.getByTestId('composition-not-composition')).toContainText('no composition: the result was fused with normalisation "reference"', { timeout: 30_000 });
    for (const el of phantom.elements) {
      await expect(page.getByTestId(`composition-${el}`)).toHaveText('–');
      await expect(page.getByTestId(`composition-summed-${el}`)).toHaveText(/^\d+\.\d ± [\d.]+$/);
    }
    await expect(page.getByTestId('hist-element')).toHaveCount(0);
    await expect(page.getByTestId('gamma-scan')).toBeDisabled();
    await expect(page.getByTestId('gamma-not-composition')).toBeVisible();
    await screenshot(page, 'presets-2-reference-measure');
    await page.getByTestId('tab-fusion').click();

    await preset.selectOption('default');
    await expect(page.getByTestId('param-lambdaTV')).toHaveValue('0.01');
    await expect(page.getByTestId('param-lambdaChem')).toHaveValue('0.03');
    await page.getByTestId('param-lambdaTV').fill('0.02');
    await expect(preset).toHaveValue('custom');
    expect(problems).toEqual([]);
  });
});
