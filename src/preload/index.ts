/**
 * Preload: exposes the typed API on `window.fusem` through contextBridge,
 * and nothing else. Runs sandboxed, so it is bundled as CommonJS and may only
 * use the sandbox's `electron` and a few Node built-ins.
 */
import { contextBridge } from 'electron';
import { API_KEY, type FusemApi } from '../shared/api.js';

/** Passed by main as `--fusem-version=X` (see webPreferences.additionalArguments). */
function versionFromArgv(argv: readonly string[]): string {
  const prefix = '--fusem-version=';
  const arg = argv.find((a) => a.startsWith(prefix));
  return arg ? arg.slice(prefix.length) : 'unknown';
}

const api: FusemApi = Object.freeze({
  version: versionFromArgv(process.argv),
});

contextBridge.exposeInMainWorld(API_KEY, api);
