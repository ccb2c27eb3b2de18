/** The desktop app starts, shows its window and exposes only `window.fusem`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { FusemApi } from '../../src/shared/api.js';
import { builtMain, findElectron, repoRoot } from './paths.js';

const binary = findElectron();
const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

test.describe('desktop app', () => {
  test.skip('missing' in binary, `Electron binary not present: ${'missing' in binary ? binary.missing : ''}`);

  test('opens the main window with the typed API exposed', async () => {
    if (!('path' in binary)) return;
    expect(readFileSync(builtMain).length, 'run `npm run build` first').toBeGreaterThan(0);

    const env = { ...process.env };
    delete env['ELECTRON_RENDERER_URL']; // load the built renderer, not a dev server
    const app = await electron.launch({
      executablePath: binary.path,
      // Chromium refuses to start its sandbox as root (CI containers).
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), repoRoot],
      env: env as Record<string, string>,
    });
    try {
      const win = await app.firstWindow();
      await expect(win).toHaveTitle('fusem');
      await expect(win.locator('h1')).toHaveText('fusem');

      const exposed = await win.evaluate(() => {
        const w = window as unknown as { fusem?: FusemApi; require?: unknown; process?: unknown };
        return { version: w.fusem?.version, keys: Object.keys(w.fusem ?? {}), require: typeof w.require, process: typeof w.process };
      });
      expect(exposed).toEqual({ version, keys: ['version', 'request', 'on', 'openFiles', 'pathForFile'], require: 'undefined', process: 'undefined' });
      // the typed API answers over IPC from the app service in the main process
      await expect(win.getByTestId('api-version')).toHaveText(`fusem ${version}`);
    } finally {
      await app.close();
    }
  });
});
