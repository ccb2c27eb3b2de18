/** The built renderer loads under its CSP in Chromium and draws the test image. */
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

  test('shows the page and draws the three.js test image without CSP violations', async ({ page }) => {
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
    await expect(page.getByRole('alert')).toHaveCount(0); // WebGL came up
    await expect(page.getByTestId('test-image')).not.toHaveAttribute('data-frames', '0');
    expect(problems).toEqual([]);
  });
});
