/**
 * Viewer frame times (not a test): `npx tsx bench/ui-frames.ts [--size 1024] [--layers 4] [--ms 3000]`.
 * Prints one JSON document on stdout (progress on stderr).
 *
 * In Chromium (Playwright, the system Chromium as the e2e tests use it), the viewer harness shows one overlay
 * ImageView of size² × layers; a gesture driver calls viewport.panBy / zoomAt once per animation frame (as a drag
 * or a wheel does) while, optionally, the main thread receives fusion preview updates at `hz` (new data for every
 * layer → layersToRgba + texture upload, as the app does on each progress event). Reported per scenario:
 * intervals between the view's renders (`render`), between animation frames (`raf`), and the main-thread cost
 * of one preview update (`updateMs`): median, p95, max.
 */
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { findChromium } from '../tests/e2e/paths.js';
import { buildHarness } from './ui-harness.js';

interface GestureResult { renderIntervals: number[]; rafIntervals: number[]; updateMs: number[]; frames: number }
interface HarnessApi { gesture(kind: 'pan' | 'zoom', ms: number, hz: number): Promise<GestureResult>; previewUpdate(): number }

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function stats(xs: number[]): { n: number; median: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => (s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]! : NaN);
  const r = (v: number): number => Math.round(v * 100) / 100;
  return { n: s.length, median: r(q(0.5)), p95: r(q(0.95)), max: r(s.at(-1) ?? NaN) };
}

async function main(): Promise<void> {
  const size = arg('size', 1024);
  const layers = arg('layers', 4);
  const ms = arg('ms', 3000);
  const found = findChromium();
  if ('missing' in found) throw new Error(found.missing);
  const load0 = loadavg()[0];
  process.stderr.write('building the viewer harness…\n');
  const harness = await buildHarness();
  const browser = await chromium.launch({
    executablePath: found.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${harness.url}?scene=bench&size=${size}&layers=${layers}`);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="image-view"]')?.getAttribute('data-frames')) > 0, undefined, { timeout: 60_000 });
    const gl = await page.evaluate(() => {
      const c = document.createElement('canvas').getContext('webgl2');
      const ext = c?.getExtension('WEBGL_debug_renderer_info');
      return c && ext ? String(c.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : c ? 'webgl2' : 'none';
    });
    const version = browser.version();
    // Warm-up: JIT the conversion and the upload path.
    await page.evaluate(() => { const h = (window as unknown as { __harness: HarnessApi }).__harness; for (let i = 0; i < 3; i++) h.previewUpdate(); });

    const scenarios: { kind: 'pan' | 'zoom'; hz: number }[] = [
      { kind: 'pan', hz: 0 }, { kind: 'pan', hz: 10 }, { kind: 'zoom', hz: 0 }, { kind: 'zoom', hz: 10 },
    ];
    const results = [];
    for (const s of scenarios) {
      process.stderr.write(`${s.kind} with ${s.hz} Hz preview updates, ${ms} ms…\n`);
      const r = await page.evaluate(
        ([kind, hz, dur]) => (window as unknown as { __harness: HarnessApi }).__harness.gesture(kind, dur, hz),
        [s.kind, s.hz, ms] as const,
      );
      results.push({
        gesture: s.kind, previewHz: s.hz, renders: r.frames, render: stats(r.renderIntervals), raf: stats(r.rafIntervals),
        updateMs: s.hz > 0 ? stats(r.updateMs) : null,
      });
    }
    const doc = {
      section: 'ui-frames',
      image: { size, layers, mode: 'overlay', view: '1280×800 CSS px, dpr 1' },
      durationMs: ms,
      browser: `Chromium ${version} (headless, --disable-gpu)`,
      webgl: gl,
      loadavg: { start: load0, end: loadavg()[0] },
      results,
      errors,
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } finally {
    await browser.close();
    await harness.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ui-frames: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
