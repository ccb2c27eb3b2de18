/**
 * Preload: exposes the typed API on `window.fusem` through contextBridge, and nothing else:
 * `{ version, request(method, params), on(event, listener) → unsubscribe }`. Runs sandboxed, so it is bundled as
 * CommonJS and may only use the sandbox's `electron`. It forwards; main validates everything (src/main/ipc.ts).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_KEY, EVENT_CHANNEL, OPEN_FILES_CHANNEL, REQUEST_CHANNEL, type FusemBridge } from '../shared/api/bridge.js';

/** Passed by main as `--fusem-version=X` (see webPreferences.additionalArguments). */
function versionFromArgv(argv: readonly string[]): string {
  const prefix = '--fusem-version=';
  const arg = argv.find((a) => a.startsWith(prefix));
  return arg ? arg.slice(prefix.length) : 'unknown';
}

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

// One IPC listener for all events; the page never sees the IpcRendererEvent (it carries `sender`).
ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => {
  if (typeof message !== 'object' || message === null) return;
  const { event, payload } = message as { event?: unknown; payload?: unknown };
  if (typeof event !== 'string') return;
  for (const listener of [...(listeners.get(event) ?? [])]) {
    try {
      listener(payload);
    } catch (e) {
      console.error(`fusem: a listener of ${event} threw`, e);
    }
  }
});

const api = Object.freeze({
  version: versionFromArgv(process.argv),
  request: (method: string, params?: unknown): Promise<unknown> => {
    if (typeof method !== 'string') return Promise.reject(new TypeError('fusem.request: method must be a string'));
    return ipcRenderer.invoke(REQUEST_CHANNEL, method, params);
  },
  on: (event: string, listener: Listener): (() => void) => {
    if (typeof event !== 'string' || typeof listener !== 'function') throw new TypeError('fusem.on(event: string, listener: function)');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
  openFiles: (): Promise<string[]> => ipcRenderer.invoke(OPEN_FILES_CHANNEL) as Promise<string[]>,
  pathForFile: (file: File): string => {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
}) as unknown as FusemBridge;

contextBridge.exposeInMainWorld(API_KEY, api);
