/** `fusem serve` in Chromium: the built renderer loads under the server's CSP and calls the API over the WebSocket. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../../src/main/server/index.js';
import { startTestBackend, type TestBackend } from './app-backend.js';
import { builtRenderer, findChromium, repoRoot } from './paths.js';

const chromium = findChromium();
const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const TOKEN = 'e2e-token-0123456789abcdef';

/** Page errors, console errors and CSP violations, collected while the test runs. */
async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return problems;
}

test.describe('fusem serve in Chromium', () => {
  test.skip('missing' in chromium, `Chromium not present: ${'missing' in chromium ? chromium.missing : ''}`);

  const servers: RunningServer[] = [];
  const backends: TestBackend[] = [];
  const service = async () => {
    const backend = await startTestBackend();
    backends.push(backend);
    return backend.service;
  };
  test.beforeAll(() => {
    expect(existsSync(join(builtRenderer, 'index.html')), 'run `npm run build` (or `npx electron-vite build`) first').toBe(true);
  });
  test.afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await Promise.all(backends.splice(0).map((b) => b.close()));
  });

  test('the page asks app.version over the WebSocket and shows it, without CSP violations', async ({ page }) => {
    const server = await startServer({ service: await service(), port: 0, staticDir: builtRenderer });
    servers.push(server);
    const problems = await watchProblems(page);
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page).toHaveTitle('fusem');
    await expect(page.getByTestId('api-version')).toHaveText(`fusem ${version}`);
    await expect(page.getByTestId('version')).toHaveText('browser'); // no preload outside Electron
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByTestId('open-demo')).toBeEnabled(); // the welcome view, with a backend to open the demo with
    expect(problems).toEqual([]);
  });

  test('beyond the default host: 401 without the token; ?token= once, then the cookie carries page and WebSocket', async ({ page }) => {
    const server = await startServer({ service: await service(), host: '127.0.0.2', port: 0, token: TOKEN, staticDir: builtRenderer });
    servers.push(server);
    expect((await page.request.get(server.url)).status()).toBe(401);
    expect((await page.request.get(`${server.url}api`, { headers: { authorization: 'Bearer wrong-wrong-wrong-wrong' } })).status()).toBe(401);

    const problems = await watchProblems(page);
    await page.goto(`${server.url}?token=${TOKEN}`);
    expect(page.url()).toBe(server.url); // the token left the address bar
    await expect(page.getByTestId('api-version')).toHaveText(`fusem ${version}`);
    const cookies = await page.context().cookies(server.url);
    expect(cookies).toEqual([expect.objectContaining({ name: `fusem_token_${server.port}`, httpOnly: true, sameSite: 'Strict' })]);
    expect(problems).toEqual([]);
  });
});
