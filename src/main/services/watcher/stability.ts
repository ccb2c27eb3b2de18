// "Completely written": a file's size and modification time stay the same over several checks. The reader has the
// last word (a file that looks stable may still be half-written); this only avoids reading obviously moving files.

import { stat } from 'node:fs/promises';

/** Size and mtime of a file, as one comparable string; null when it cannot be stat'ed (gone, no permission). */
export async function fileSignature(file: string): Promise<string | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? `${s.size}:${s.mtimeMs}` : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * Check `files` `checks` times, `intervalMs` apart; returns their signatures when none changed (and all exist),
 * else null. `cancelled()` is asked between checks, so a stopping watcher or newer file event ends the wait early.
 */
export async function stableSignatures(files: readonly string[], checks: number, intervalMs: number, cancelled: () => boolean): Promise<Map<string, string> | null> {
  let previous: (string | null)[] | null = null;
  for (let k = 0; k < Math.max(1, checks); k++) {
    if (k > 0) await sleep(intervalMs);
    if (cancelled()) return null;
    const now = await Promise.all(files.map(fileSignature));
    if (now.some((s) => s === null)) return null;
    if (previous !== null && now.some((s, i) => s !== previous![i])) return null;
    previous = now;
  }
  return new Map(files.map((f, i) => [f, previous![i]!]));
}
