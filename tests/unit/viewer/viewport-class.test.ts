/**
 * The Viewport class itself ($state runes): compiled here with the Svelte compiler (the unit tests run without
 * vite's svelte plugin), then checked for the same maths and for reactivity (an $effect sees zoom changes).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileModule } from 'svelte/compiler';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type ViewportClass = typeof import('../../../src/renderer/src/viewer/viewport.svelte.js').Viewport;

const viewerDir = resolve(import.meta.dirname, '../../../src/renderer/src/viewer');
const require = createRequire(import.meta.url);
let dir: string;
let Viewport: ViewportClass;
let watch: (get: () => number, seen: number[]) => () => void;
let flushSync: () => void;

/** viewport.svelte.ts → plain JS with runes compiled; its one relative import inlined as a sibling file. */
async function load(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'fusem-viewport-'));
  const strip = (file: string): string =>
    ts.transpileModule(readFileSync(join(viewerDir, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    }).outputText;
  // The browser build of svelte (node's default export condition would give the server one).
  const svelteDir = resolve(require.resolve('svelte/package.json'), '..');
  const clientUrl = pathToFileURL(join(svelteDir, 'src/internal/client/index.js')).href;
  const indexUrl = pathToFileURL(join(svelteDir, 'src/index-client.js')).href;
  const compile = (source: string, filename: string): string =>
    compileModule(source, { filename, generate: 'client', dev: false })
      .js.code.replaceAll("'svelte/internal/client'", `'${clientUrl}'`).replaceAll("from 'svelte'", `from '${indexUrl}'`);
  writeFileSync(join(dir, 'viewport-math.js'), strip('viewport-math.ts'));
  writeFileSync(join(dir, 'viewport.svelte.js'), compile(strip('viewport.svelte.ts'), 'viewport.svelte.js'));
  writeFileSync(join(dir, 'probe.svelte.js'), compile(
    `export { flushSync } from 'svelte';
     export function watch(get, seen) { return $effect.root(() => { $effect(() => { seen.push(get()); }); }); }`,
    'probe.svelte.js',
  ));
  Viewport = ((await import(pathToFileURL(join(dir, 'viewport.svelte.js')).href)) as { Viewport: ViewportClass }).Viewport;
  ({ watch, flushSync } = (await import(pathToFileURL(join(dir, 'probe.svelte.js')).href)) as {
    watch: typeof watch; flushSync: typeof flushSync;
  });
}

describe('Viewport (runes)', () => {
  beforeAll(load);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fit, zoomAt, panBy and the coordinate maps', () => {
    const v = new Viewport();
    expect(v.placed).toBe(false);
    v.fit(128, 64, 512, 512);
    expect([v.zoom, v.centerX, v.centerY, v.placed]).toEqual([4, 64, 32, true]);
    const before = v.screenToImage(100, 300, 512, 512);
    v.zoomAt(2, 100, 300, 512, 512);
    expect(v.zoom).toBe(8);
    expect(v.screenToImage(100, 300, 512, 512)).toEqual(before);
    v.panBy(16, -8);
    expect([v.centerX, v.centerY]).toEqual([before[0] - (100 - 256) / 8 - 2, before[1] - (300 - 256) / 8 + 1]);
    const [sx, sy] = v.imageToScreen(10.5, 3.25, 512, 512);
    const [x, y] = v.screenToImage(sx, sy, 512, 512);
    expect(x).toBeCloseTo(10.5, 9);
    expect(y).toBeCloseTo(3.25, 9);
    expect(new Viewport({ zoom: 3 }).placed).toBe(true);
  });

  it('is reactive: an effect that reads zoom re-runs on zoomAt (one Viewport drives several views)', () => {
    const v = new Viewport();
    const seen: number[] = [];
    const stop = watch(() => v.zoom, seen);
    flushSync();
    v.zoomAt(2, 0, 0, 10, 10);
    flushSync();
    v.panBy(1, 1); // no zoom change: no re-run
    flushSync();
    stop();
    expect(seen).toEqual([1, 2]);
  });

  it('is "fitted" after fit() until the user zooms or pans (views then refit on resize), and refitting to the same size changes nothing', () => {
    const v = new Viewport();
    expect(v.fitted).toBe(false);
    v.fit(100, 100, 400, 200);
    expect([v.fitted, v.zoom]).toEqual([true, 2]);
    const seen: number[] = [];
    const stop = watch(() => v.zoom, seen);
    flushSync();
    v.fit(100, 100, 400, 200); // the same fit: no re-run of views
    flushSync();
    v.fit(100, 100, 400, 100); // the view shrank (a fused row appeared)
    flushSync();
    expect(seen).toEqual([2, 1]);
    v.zoomAt(2, 0, 0, 400, 100);
    expect(v.fitted).toBe(false);
    v.fit(100, 100, 400, 100);
    v.panBy(3, 0);
    expect(v.fitted).toBe(false);
    stop();
  });
});

