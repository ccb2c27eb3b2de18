// The OS's limit on file watches (Linux inotify: EMFILE for instances, ENOSPC for watches) reached: the watcher says so
// and goes on watching by polling, so files that land afterwards are still fused. fs.watch is made to fail here the way
// it does then (it throws an error with that code), through the 'fs' module's live ESM bindings that chokidar imports.

import fs from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWatcher, type AcquisitionWatcher } from '../../../src/main/services/watcher/index.js';
import { FAST, fakeFuse, record, sleep, tempDir, waitFor, writeGroup } from './helpers.js';

const realWatch = fs.watch;
const running: AcquisitionWatcher[] = [];

/** From now on every new OS file watch fails with `code`, as when the per-user inotify limit is reached. */
function refuseFileWatches(code: 'EMFILE' | 'ENOSPC'): void {
  fs.watch = (() => { throw Object.assign(new Error(`${code}: system limit for number of file watchers reached, watch`), { code }); }) as typeof fs.watch;
  syncBuiltinESMExports();
}

afterEach(async () => {
  fs.watch = realWatch;
  syncBuiltinESMExports();
  await Promise.all(running.splice(0).map((w) => w.stop()));
});

async function watcherOn(dir: string): Promise<{ w: AcquisitionWatcher; fake: ReturnType<typeof fakeFuse>; log: ReturnType<typeof record> }> {
  const fake = fakeFuse();
  const w = createWatcher({ ...FAST, dir, out: path.join(await tempDir('fusem-watch-out-'), 'results'), fuseDataset: fake.fuse, pollIntervalMs: 50 });
  running.push(w);
  const log = record(w); // before start(): the fallback is announced during the first scan
  await w.start();
  return { w, fake, log };
}

const polling = (log: ReturnType<typeof record>): string[] =>
  log.filter((l) => l.name === 'watcher-error').map((l) => (l.e as { message: string }).message);

describe('watcher at the OS limit on file watches', () => {
  it('falls back to polling when no watch can be made at start: files already there and files that land later are fused once each', async () => {
    const dir = await tempDir();
    await writeGroup(dir, 'before', 1);
    refuseFileWatches('EMFILE');
    const { w, fake, log } = await watcherOn(dir);
    expect(polling(log)).toHaveLength(1);
    expect(polling(log)[0]).toContain('EMFILE');
    expect(polling(log)[0]).toContain(`watching ${dir} by polling every 50 ms`);
    await waitFor(w, 'fusion-done', (e) => e.id === 'before');
    await writeGroup(dir, 'after', 2); // no OS watch exists: only polling can see these
    await waitFor(w, 'fusion-done', (e) => e.id === 'after');
    await sleep(300);
    await w.whenIdle();
    expect(fake.calls.map((c) => c.inputs.elements)).toEqual([['Ga', 'O'], ['Ga', 'O']]);
    expect(w.state().map((d) => [d.id, d.phase, d.fusions])).toEqual([['before', 'done', 1], ['after', 'done', 1]]);
    expect(polling(log)).toHaveLength(1); // said once
  });

  it('falls back when the limit is reached later, on a new subfolder, and sees files written into it after it was made', async () => {
    const dir = await tempDir();
    const { w, log } = await watcherOn(dir);
    expect(polling(log)).toEqual([]);
    refuseFileWatches('ENOSPC');
    await mkdir(path.join(dir, 'late'));
    await sleep(600); // past the new folder's one look inside: what lands now is seen only by watching it
    expect(polling(log)).toHaveLength(1);
    expect(polling(log)[0]).toContain('ENOSPC');
    await writeGroup(path.join(dir, 'late'), 'late', 3);
    const done = await waitFor(w, 'fusion-done');
    expect(done.id).toBe('late/late'); // folder/stem
    expect(log.filter((l) => l.name === 'dataset-failed')).toEqual([]);
  });
});
