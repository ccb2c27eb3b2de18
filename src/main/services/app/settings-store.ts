// Application settings (not per project): preferences.json in the config directory, written atomically.
// A missing or damaged file gives the defaults; unknown or invalid keys are dropped, never trusted.

import { availableParallelism } from 'node:os';
import { threadsProblem } from '../../../compute/solve/params.js';
import { ApiError } from '../../../shared/api/index.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../../compute/io/atomic.js';
import { DEFAULT_SETTINGS, Settings } from '../../../shared/api/index.js';

export const SETTINGS_FILE = 'preferences.json';

export class SettingsStore {
  private current: Settings = { ...DEFAULT_SETTINGS };

  private constructor(private readonly file: string) {}

  /** The settings in `configDir`, or the defaults when there are none (or they are unreadable). */
  static async open(configDir: string): Promise<SettingsStore> {
    const store = new SettingsStore(path.join(configDir, SETTINGS_FILE));
    try {
      const parsed = Settings.partial().safeParse(JSON.parse(await readFile(store.file, 'utf8')));
      if (parsed.success) store.current = { ...DEFAULT_SETTINGS, ...stripUndefined(parsed.data) };
    } catch {
      // no settings yet, or a damaged file: the defaults
    }
    return store;
  }

  get(): Settings {
    return { ...this.current };
  }

  /** Apply `changes` (already validated) and save. */
  async set(changes: Partial<Settings>): Promise<Settings> {
    const threads = changes.threads === null || changes.threads === undefined ? null : threadsProblem(changes.threads, availableParallelism());
    if (threads) throw new ApiError('bad-request', `settings.set: ${threads} on this machine of ${availableParallelism()} cores`);
    this.current = { ...this.current, ...stripUndefined(changes) };
    await writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify(this.current, null, 1) + '\n'));
    return this.get();
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
