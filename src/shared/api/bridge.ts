// What the Electron preload exposes as `window.fusem`, and the IPC channels behind it. No zod and no values
// beyond a few strings here: the sandboxed preload bundles this file.

import type { Reply } from './errors.js';
import type { EventName, EventPayload } from './events.js';
import type { Method, Params, Result } from './methods.js';

/** The key under which the preload exposes the API on `window`. */
export const API_KEY = 'fusem';

/** ipcRenderer.invoke(REQUEST_CHANNEL, method, params) → Reply. */
export const REQUEST_CHANNEL = 'fusem:request';
/** webContents.send(EVENT_CHANNEL, { event, payload }). */
export const EVENT_CHANNEL = 'fusem:event';
/** ipcRenderer.invoke(OPEN_FILES_CHANNEL) → the paths chosen in the native open dialog (empty when cancelled). */
export const OPEN_FILES_CHANNEL = 'fusem:open-files';

/**
 * `window.fusem` in the desktop app: exactly these five members (the last two: the native open dialog, and the
 * path of a file dropped on the window). Replies are not yet checked on this side
 * (main validated them); the renderer's client (src/renderer/src/api) checks them and turns errors into rejections.
 */
export interface FusemBridge {
  readonly version: string;
  request<M extends Method>(method: M, params?: Params<M>): Promise<Reply<Result<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The native open dialog (supported files, several at once); resolves with the chosen paths. */
  openFiles(): Promise<string[]>;
  /** Where a File dropped on the window lies on disk ('' when it has no path). */
  pathForFile(file: File): string;
}
