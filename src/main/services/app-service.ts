// The backend behind both transports. A stand-in until the project, watcher and compute services are wired in:
// app.version and in-memory settings work; every other request answers `internal: not wired yet`.

import { ApiError, DEFAULT_SETTINGS, type ApiEvent, type FusemService, type Settings } from '../../shared/api/index.js';
import { FUSEM_VERSION } from '../../cli/version.js';

const notWired = async (): Promise<never> => {
  throw new ApiError('internal', 'not wired yet');
};

export async function createAppService(): Promise<FusemService> {
  let settings: Settings = { ...DEFAULT_SETTINGS };
  const listeners = new Set<(event: ApiEvent) => void>();
  return {
    'app.version': async () => ({ version: FUSEM_VERSION }),
    'settings.get': async () => settings,
    'settings.set': async (changes) => {
      const next: Settings = { ...settings };
      for (const [key, value] of Object.entries(changes)) if (value !== undefined) Object.assign(next, { [key]: value });
      settings = next;
      return settings;
    },
    'project.create': notWired,
    'project.open': notWired,
    'project.recent': notWired,
    'project.close': notWired,
    'dataset.import': notWired,
    'dataset.list': notWired,
    'dataset.get': notWired,
    'result.list': notWired,
    'result.get': notWired,
    'fusion.start': notWired,
    'fusion.cancel': notWired,
    'quantify.region': notWired,
    'export.figure': notWired,
    'export.data': notWired,
    'watch.start': notWired,
    'watch.stop': notWired,
    'watch.state': notWired,
    'demo.open': notWired,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
