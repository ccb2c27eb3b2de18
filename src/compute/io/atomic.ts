// Atomic writes (DESIGN.md §3): write to FILE.tmp-<pid>, then rename over FILE.

import { rename, rm, writeFile } from 'node:fs/promises';

/** Temporary path beside `file` used while writing it. */
export function tempPath(file: string): string {
  return `${file}.tmp-${process.pid}`;
}

/** Write `bytes` to `file` atomically. */
export async function writeFileAtomic(file: string, bytes: Uint8Array | Uint8Array[]): Promise<void> {
  await withTempFile(file, async (tmp) => {
    const parts = Array.isArray(bytes) ? bytes : [bytes];
    await writeFile(tmp, parts.length === 1 ? parts[0]! : Buffer.concat(parts));
  });
}

/** Run `write(tmp)` then rename tmp over `file`; the temp file is removed on failure. */
export async function withTempFile(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = tempPath(file);
  try {
    await write(tmp);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
