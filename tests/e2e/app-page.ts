// Shared by the end-to-end tests of the app: a real backend behind `fusem serve`, page-error collection,
// screenshots, and where an image pixel is on the page.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../../src/main/server/index.js';
import { startTestBackend, type TestBackend } from './app-backend.js';
import { builtRenderer, findChromium, repoRoot } from './paths.js';

/** Where the specs save their screenshots: $FUSEM_SCREENSHOTS when set, else test-results/screenshots. */
export const screenshots = process.env['FUSEM_SCREENSHOTS'] ?? join(repoRoot, 'test-results', 'screenshots');

/** The built renderer served with a real app service on a free port. */
export async function serveApp(): Promise<{ url: string; service: TestBackend['service']; close(): Promise<void> }> {
  expect(existsSync(join(builtRenderer, 'index.html')), 'run `npm run build` (or `npx electron-vite build`) first').toBe(true);
  const backend: TestBackend = await startTestBackend();
  const server: RunningServer = await startServer({ service: backend.service, port: 0, staticDir: builtRenderer });
  return { url: server.url, service: backend.service, close: async () => { await server.close(); await backend.close(); } };
}

/**
 * The set-up of a describe block that drives the app in Chromium: skipped, saying why, without Chromium; the block's
 * timeout; the app served for the block's tests (`url` once they run).
 */
export function useServedApp(timeoutMs: number): { readonly url: string } {
  const chromium = findChromium();
  test.skip('missing' in chromium, `Chromium not present: ${'missing' in chromium ? chromium.missing : ''}`);
  test.setTimeout(timeoutMs);
  let server: Awaited<ReturnType<typeof serveApp>> | undefined;
  test.beforeAll(async () => { server = await serveApp(); });
  test.afterAll(async () => { await server?.close(); });
  return { get url() { return server!.url; } };
}

/** Page errors and console errors, collected from now on; the test expects the list to stay empty. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

/** Where image point (x, y) (pixel coordinates) is on the page, in `view` (an image-view element). */
export async function pagePoint(view: Locator, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = (await view.boundingBox())!;
  const zoom = Number(await view.getAttribute('data-zoom'));
  const cx = Number(await view.getAttribute('data-center-x'));
  const cy = Number(await view.getAttribute('data-center-y'));
  return { x: box.x + (x - cx) * zoom + box.width / 2, y: box.y + (y - cy) * zoom + box.height / 2 };
}

/** Drag the mouse across `view` from image point `from` to `to` (pixel coordinates), as a user draws a line or a box. */
export async function dragOn(page: Page, view: Locator, from: [number, number], to: [number, number]): Promise<void> {
  const a = await pagePoint(view, from[0], from[1]), b = await pagePoint(view, to[0], to[1]);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up();
}
