/**
 * Builds and serves the viewer harness (src/renderer/viewer-harness.html + src/renderer/src/viewer/harness.ts),
 * a page that mounts the viewer components outside the app, for tests/e2e/viewer.spec.ts and bench/ui-frames.ts.
 * A separate small vite build (svelte plugin, same CSP as the app) into a temp dir; the app's build never sees it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build } from 'vite';
import { serveDir, type StaticServer } from '../tests/e2e/static-server.js';

const rendererRoot = resolve(import.meta.dirname, '../src/renderer');

export interface Harness {
  /** The harness page's URL (add ?scene=…). */
  readonly url: string;
  close(): Promise<void>;
}

/** Builds the harness into a fresh temp dir and serves it on 127.0.0.1; close() stops the server and deletes the dir. */
export async function buildHarness(): Promise<Harness> {
  const outDir = mkdtempSync(join(tmpdir(), 'fusem-viewer-harness-'));
  await build({
    configFile: false,
    root: rendererRoot,
    base: './',
    logLevel: 'warn',
    plugins: [svelte({ configFile: false })],
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 4096,
      rolldownOptions: { input: join(rendererRoot, 'viewer-harness.html') },
    },
  });
  let server: StaticServer;
  try {
    server = await serveDir(outDir);
  } catch (err) {
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `${server.url}viewer-harness.html`,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
