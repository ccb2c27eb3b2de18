// Durable atomic writes (DESIGN.md §3): write FILE.tmp-<pid>, fsync it, rename it over FILE, fsync the folder.
// A reader (or a restart after a crash or SIGKILL) sees the old file or the new one, never a truncated one.

import { copyFile, open } from 'node:fs/promises';
import path from 'node:path';
import { tempPath, withTempFile } from '../../../compute/io/atomic.js';

/** Flush a folder's entries (the rename) to disk; a no-op where folders cannot be opened (Windows). */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Windows and some network filesystems cannot fsync a directory; the rename is still atomic.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

async function syncFile(file: string): Promise<void> {
  const fh = await open(file, 'r+');
  try { await fh.sync(); } finally { await fh.close(); }
}

/** Write `data` to `file` atomically and durably. */
export async function writeFileDurable(file: string, data: string | Uint8Array): Promise<void> {
  await withTempFile(file, async (tmp) => {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  });
  await fsyncDir(path.dirname(file));
}

/** Copy `from` to `to` atomically and durably (`to` is the old version or the full copy, never half). */
export async function copyFileDurable(from: string, to: string): Promise<void> {
  await withTempFile(to, async (tmp) => {
    await copyFile(from, tmp);
    await syncFile(tmp);
  });
}

/** Is `name` a temporary file left beside `file` by an interrupted atomic write? */
export function isTempOf(file: string, name: string): boolean {
  const prefix = path.basename(tempPath(file)).replace(/\d+$/, '');
  return name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length));
}

const queues = new Map<string, Promise<unknown>>();

/** Run `task` after every earlier task with the same key in this process has settled (one writer per file). */
export function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
  const prev = queues.get(key) ?? Promise.resolve();
  const next = prev.then(task, task);
  const tail = next.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => { if (queues.get(key) === tail) queues.delete(key); });
  return next;
}
