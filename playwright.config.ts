/**
 * End-to-end tests. Two projects:
 *  - electron: launches the built desktop app (skipped where the Electron
 *    binary is absent);
 *  - chromium: drives the built renderer in the system Chromium.
 * Run `npm run build` first; Playwright's own browser downloads are not used.
 */
import { defineConfig } from '@playwright/test';
import { findChromium } from './tests/e2e/paths.js';

const chromium = findChromium();

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  reporter: process.env['CI'] ? 'list' : [['list'], ['html', { open: 'never' }]],
  projects: [
    {
      name: 'electron',
      testMatch: 'electron.spec.ts',
    },
    {
      name: 'chromium',
      testIgnore: 'electron.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: {
          ...('path' in chromium ? { executablePath: chromium.path } : {}),
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
});
