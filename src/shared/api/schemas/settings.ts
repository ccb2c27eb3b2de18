// settings.* and app.version: application settings (not per project) and what the backend is.

import { z } from '../z.js';
import { ImportMode } from './dataset.js';

/** Every setting, with its type; settings.set takes any subset and returns the whole. */
export const Settings = z.object({
  theme: z.enum(['system', 'dark', 'light']),
  /** Compute backend for new fusions. */
  backend: z.enum(['auto', 'cpu', 'gpu', 'reference']),
  /** CPU threads; null = all cores. */
  threads: z.number().int().min(1).max(1024).nullable(),
  /** How dataset.import brings files in by default. */
  importMode: ImportMode,
  /** Entries kept in project.recent. */
  recentLimit: z.number().int().min(0).max(100),
  /** Iterations between live previews of a running fusion (0 = none). */
  previewEvery: z.number().int().min(0).max(1000),
});
export type Settings = z.output<typeof Settings>;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  theme: 'system',
  backend: 'auto',
  threads: null,
  importMode: 'copy',
  recentLimit: 10,
  previewEvery: 5,
});

export const SettingsSetParams = Settings.partial().strict();

export const AppVersionResult = z.object({
  /** fusem's version (package.json). */
  version: z.string().max(100),
});
export type AppVersionResult = z.output<typeof AppVersionResult>;
