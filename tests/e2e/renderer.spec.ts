/** The built renderer loads under its CSP in Chromium and shows the welcome view (no backend on a plain static server). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { builtRenderer, findChromium } from './paths.js';
import { serveDir, type StaticServer } from './static-server.js';

const chromium = findChromium();

test.describe('renderer in Chromium', () => {
  test.skip('missing' in chromium, `Chromium not present: ${'missing' in chromium ? chromium.missing : ''}`);

  let server: StaticServer;
  test.beforeAll(async () => {
    expect(existsSync(join(builtRenderer, 'index.html')), 'run `npm run build` first').toBe(true);
    server = await serveDir(builtRenderer);
  });
  test.afterAll(async () => {
    await server?.close();
  });

  test('shows the welcome view without CSP violations', async ({ page }) => {
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });

    await page.goto(server.url);
    await expect(page).toHaveTitle('fusem');
    await expect(page.locator('h1')).toHaveText('fusem');
    await expect(page.getByTestId('version')).toHaveText('browser'); // no preload outside Electron
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(page.getByTestId('open-demo')).toBeDisabled(); // no backend to open it with
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(problems).toEqual([]);
  });
});
