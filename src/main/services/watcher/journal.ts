// The watcher's journal of finished datasets, OUT/.fusem-watch-journal.jsonl: one JSON line per finished fusion
// (dataset id, its result folder, and each input's path, size, mtime and sha256). A watcher restarted over the same
// folders skips what the journal says is done and unchanged, and re-fuses a changed dataset warm-started from its
// result, as when a dataset grows while watched. A damaged line is ignored (that dataset is then fused again).

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../../compute/io/atomic.js';

export const JOURNAL_FILE = '.fusem-watch-journal.jsonl';

export interface JournalMember { file: string; size: number; mtimeMs: number; sha256: string }

export interface JournalEntry {
  id: string;
  /** The result folder, relative to the output folder. */
  resultDir: string;
  /** How many times it has been fused. */
  run: number;
  finished: string;
  members: JournalMember[];
}

/** Longest journal read (a line per finished fusion: millions of datasets before this is reached). */
const MAX_JOURNAL_BYTES = 256 * 1024 ** 2;

const isEntry = (v: unknown): v is JournalEntry => {
  const e = v as JournalEntry;
  return typeof v === 'object' && v !== null && typeof e.id === 'string' && typeof e.resultDir === 'string' && Number.isInteger(e.run)
    && Array.isArray(e.members) && e.members.every((m) => typeof m?.file === 'string' && typeof m.size === 'number' && typeof m.mtimeMs === 'number' && typeof m.sha256 === 'string');
};

/** sha256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class WatchJournal {
  readonly file: string;
  readonly #entries = new Map<string, JournalEntry>();

  private constructor(readonly out: string) {
    this.file = path.join(out, JOURNAL_FILE);
  }

  /** The journal in `out` (empty when there is none yet); compacted when most of its lines are superseded. */
  static async open(out: string): Promise<WatchJournal> {
    const journal = new WatchJournal(out);
    const size = await stat(journal.file).then((s) => s.size, () => 0);
    if (size === 0 || size > MAX_JOURNAL_BYTES) return journal;
    const lines = (await readFile(journal.file, 'utf8').catch(() => '')).split('\n').filter((l) => l.trim() !== '');
    for (const line of lines) {
      try {
        const v: unknown = JSON.parse(line);
        if (isEntry(v)) journal.#entries.set(v.id, v);
      } catch { /* a line cut short by a crash: that dataset is fused again */ }
    }
    if (lines.length > 2 * journal.#entries.size + 16) {
      await writeFileAtomic(journal.file, new TextEncoder().encode([...journal.#entries.values()].map((e) => JSON.stringify(e)).join('\n') + '\n')).catch(() => undefined);
    }
    return journal;
  }

  get(id: string): JournalEntry | undefined {
    return this.#entries.get(id);
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * True when the files named by `signatures` ("size:mtime" by absolute path) are the journal's: the same files, each
   * with the same size and mtime, or (touched but not changed) the same size and sha256.
   */
  async unchanged(entry: JournalEntry, signatures: ReadonlyMap<string, string>): Promise<boolean> {
    if (entry.members.length !== signatures.size) return false;
    for (const m of entry.members) {
      const sig = signatures.get(m.file);
      if (sig === undefined) return false;
      if (sig === `${m.size}:${m.mtimeMs}`) continue;
      if (!sig.startsWith(`${m.size}:`)) return false;
      if ((await sha256File(m.file).catch(() => '')) !== m.sha256) return false;
    }
    return true;
  }

  /** Record a finished fusion of `id` (its inputs as fused: `signatures` by absolute path). */
  async record(id: string, resultDir: string, run: number, signatures: ReadonlyMap<string, string>): Promise<void> {
    const members: JournalMember[] = [];
    for (const [file, sig] of signatures) {
      const [size, mtimeMs] = sig.split(':').map(Number) as [number, number];
      members.push({ file, size, mtimeMs, sha256: await sha256File(file) });
    }
    const entry: JournalEntry = { id, resultDir: path.relative(this.out, resultDir), run, finished: new Date().toISOString(), members };
    this.#entries.set(id, entry);
    await appendFile(this.file, JSON.stringify(entry) + '\n');
  }
}
