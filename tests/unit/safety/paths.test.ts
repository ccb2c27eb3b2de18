// Paths checked before work starts, folders made with a bound. Before issue 14, Node's recursive mkdir looped
// forever under /proc (`fuse --out /proc/nonexist/sub` ran on, `project.create {dir:'/proc/x'}` never replied and
// left a busy loop that ignored SIGTERM), and `--out ""` resolved to the working folder.

import { mkdirSync, mkdtempSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/compute/io/errors.js';
import { checkWritableFolder, mkdirBounded } from '../../../src/compute/io/safe-path.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'fusem-paths-'));

/** `p` settles (either way) within `ms`. */
async function within<T>(p: Promise<T>, ms: number): Promise<PromiseSettledResult<T>> {
  const timer = new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`still running after ${ms} ms`)), ms));
  return Promise.race([Promise.allSettled([p]).then((r) => r[0]!), timer]);
}

describe('checkWritableFolder', () => {
  it.each(['/proc/x', '/proc/nonexist/sub', '/sys/x', '/dev/null/x', '/dev/x'])('refuses %s within 1 s', async (p) => {
    const r = await within(checkWritableFolder(p), 1000);
    expect(r.status).toBe('rejected');
    const e = (r as PromiseRejectedResult).reason as Error;
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/devices or kernel pseudo-files|pseudo-filesystem/);
  });

  it('refuses an empty path, the root, the home folder and the working folder', async () => {
    await expect(checkWritableFolder('')).rejects.toThrow(/is empty/);
    await expect(checkWritableFolder('/')).rejects.toThrow(/root of a filesystem/);
    await expect(checkWritableFolder(homedir())).rejects.toThrow(/home folder/);
    await expect(checkWritableFolder('.')).rejects.toThrow(/current folder itself/);
  });

  it('refuses a path under a file and a folder that cannot be written; accepts a new folder under a writable one', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'f'), 'x');
    await expect(checkWritableFolder(path.join(dir, 'f', 'sub'))).rejects.toThrow(/is a file, not a folder/);
    expect(await checkWritableFolder(path.join(dir, 'new', 'deeper'))).toBe(path.join(dir, 'new', 'deeper'));
    if (process.getuid?.() !== 0) {
      mkdirSync(path.join(dir, 'ro'));
      chmodSync(path.join(dir, 'ro'), 0o500);
      await expect(checkWritableFolder(path.join(dir, 'ro', 'sub'))).rejects.toThrow(/is not writable/);
    }
    expect(existsSync(path.join(dir, 'new'))).toBe(false); // checking makes nothing
  });
});

describe('mkdirBounded', () => {
  it('makes missing parents one level at a time, and fails fast (no loop) under /proc', async () => {
    const dir = tmp();
    await mkdirBounded(path.join(dir, 'a', 'b', 'c'));
    expect(existsSync(path.join(dir, 'a', 'b', 'c'))).toBe(true);
    await mkdirBounded(path.join(dir, 'a', 'b', 'c')); // existing: fine
    const r = await within(mkdirBounded('/proc/nonexist/sub'), 1000);
    expect(r.status).toBe('rejected');
    expect(String((r as PromiseRejectedResult).reason)).toMatch(/cannot be made/);
  });
});
