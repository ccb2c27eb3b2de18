// The watcher's journal of finished datasets. Before issue 14 a restarted watcher re-fused every finished dataset
// (81 of 81 in the probe) and overwrote their results.

import { existsSync, readFileSync } from 'node:fs';
import { appendFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWatcher } from '../../../src/main/services/watcher/index.js';
import { JOURNAL_FILE } from '../../../src/main/services/watcher/journal.js';
import { FAST, fakeFuse, npyBytes, acquisition, tempDir, writeGroup } from '../watcher/helpers.js';

async function runOnce(dir: string, out: string) {
  const fake = fakeFuse(1);
  const w = createWatcher({ ...FAST, dir, out, fuseDataset: fake.fuse });
  await w.start();
  await w.whenIdle();
  const state = w.state();
  await w.stop();
  return { calls: fake.calls, state };
}

describe('the watch journal', () => {
  it('restarted over 50 finished datasets fuses none of them again; a changed one is re-fused warm-started', async () => {
    const dir = await tempDir('fusem-journal-in-');
    const out = await tempDir('fusem-journal-out-');
    for (let k = 0; k < 50; k++) await writeGroup(dir, `scan${String(k).padStart(3, '0')}`, k + 1);
    const first = await runOnce(dir, out);
    expect(first.calls).toHaveLength(50);
    expect(readFileSync(path.join(out, JOURNAL_FILE), 'utf8').trim().split('\n')).toHaveLength(50);
    const reportBefore = readFileSync(path.join(out, 'scan007', 'report.json'), 'utf8');

    const second = await runOnce(dir, out);
    expect(second.calls).toHaveLength(0);
    expect(second.state.filter((d) => d.phase === 'done')).toHaveLength(50);
    expect(second.state[0]!.message).toMatch(/not fused again/);
    expect(readFileSync(path.join(out, 'scan007', 'report.json'), 'utf8')).toBe(reportBefore); // untouched

    // touched but not changed (same bytes, new mtime): still skipped, by checksum
    const t = new Date(Date.now() + 5000);
    await utimes(path.join(dir, 'scan003_Ga.npy'), t, t);
    // changed: scan011 gets another frame summed into its Ga map
    const a = acquisition(99);
    await writeFile(path.join(dir, 'scan011_Ga.npy'), npyBytes(Float32Array.from(acquisition(12).Ga, (v, i) => v + a.Ga[i]!)));
    const third = await runOnce(dir, out);
    expect(third.calls).toHaveLength(1);
    expect(third.calls[0]!.warmStart).toBeDefined(); // warm-started from its earlier result
    expect(third.state.find((d) => d.id === 'scan011')!.fusions).toBe(2);
  }, 120_000);

  it('reads past a line a crash cut short, and fuses again a dataset whose result folder is gone', async () => {
    const dir = await tempDir('fusem-journal-in-');
    const out = await tempDir('fusem-journal-out-');
    await writeGroup(dir, 'a', 1);
    await writeGroup(dir, 'b', 2);
    expect((await runOnce(dir, out)).calls).toHaveLength(2);
    await appendFile(path.join(out, JOURNAL_FILE), '{"id":"a","resultDir":'); // a crash mid-line
    const { rm } = await import('node:fs/promises');
    await rm(path.join(out, 'b'), { recursive: true });
    const again = await runOnce(dir, out);
    expect(again.calls.map((c) => c.inputs.elements.length)).toHaveLength(1); // b only
    expect(existsSync(path.join(out, 'b', 'report.json'))).toBe(true);
  }, 60_000);
});
