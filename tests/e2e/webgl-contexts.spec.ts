/**
 * Issue 13: one WebGL context per view, released when the view goes: switching between datasets with different
 * elements 20 times gives no "Too many active WebGL contexts" warning (Chromium keeps at most 16 alive). The project
 * is made through the backend and the page enters it as a reload would (project.current).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ga2o3Films, simulateAcquisition } from '../../src/compute/simulate/index.js';
import { writeNpy } from '../../src/compute/io/index.js';
import { serveApp } from './app-page.js';
import { findChromium } from './paths.js';

const chromium = findChromium();

async function acquisition(dir: string, stem: string): Promise<string[]> {
  const S = 24, N = S * S;
  const acq = simulateAcquisition(ga2o3Films({ width: S, height: S }), { chemSnr: 4, haadfSnr: 20, seed: 3 });
  const files = [join(dir, `${stem}_HAADF.npy`), join(dir, `${stem}_Ga.npy`), join(dir, `${stem}_O.npy`)];
  await writeNpy(files[0]!, acq.haadf, [S, S]);
  await writeNpy(files[1]!, acq.maps.slice(0, N), [S, S]);
  await writeNpy(files[2]!, acq.maps.slice(N), [S, S]);
  return files;
}

test.describe('WebGL contexts', () => {
  test.skip('missing' in chromium, `Chromium not present: ${'missing' in chromium ? chromium.missing : ''}`);
  test.setTimeout(180_000);

  test('switching datasets 20 times leaks no WebGL context', async ({ page }) => {
    const server = await serveApp();
    try {
      const work = mkdtempSync(join(tmpdir(), 'fusem-e2e-gl-'));
      const s = server.service;
      await s['project.create']({ dir: join(work, 'p'), name: 'contexts' });
      await s['dataset.import']({ files: await acquisition(work, 'a'), mode: 'copy' });
      await s['dataset.import']({ files: await acquisition(work, 'b'), mode: 'copy', elements: { Ga: 'In', O: 'N' } });
      const warnings: string[] = [];
      page.on('console', (m) => { if (/WebGL/i.test(m.text())) warnings.push(m.text()); });
      await page.goto(server.url);
      await expect(page.getByTestId('project-view')).toBeVisible(); // entered the open project, as after a reload
      const items = page.getByTestId('dataset-item');
      await expect(items).toHaveCount(2);
      for (let k = 0; k < 20; k++) {
        await items.nth(k % 2 === 0 ? 1 : 0).click();
        const el = k % 2 === 0 ? 'In' : 'Ga';
        await expect(page.getByTestId(`panel-raw-${el}`).getByTestId('image-view')).not.toHaveAttribute('data-frames', '0');
      }
      const contexts = await page.evaluate(() => document.querySelectorAll('canvas').length);
      expect(contexts).toBeLessThanOrEqual(16);
      expect(warnings.filter((w) => /Too many active WebGL contexts/.test(w))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
