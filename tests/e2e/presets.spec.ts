/**
 * Issue 13 in Chromium against a real backend: the CLI's presets (default, reference) in the Fuse panel — choosing one
 * fills the form, editing a value makes it "custom", and a result fused with one carries its name.
 */
import { expect, test } from '@playwright/test';
import { collectProblems, screenshot, useServedApp } from './app-page.js';

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

    await preset.selectOption('default');
    await expect(page.getByTestId('param-lambdaTV')).toHaveValue('0.01');
    await expect(page.getByTestId('param-lambdaChem')).toHaveValue('0.03');
    await page.getByTestId('param-lambdaTV').fill('0.02');
    await expect(preset).toHaveValue('custom');
    expect(problems).toEqual([]);
  });
});
