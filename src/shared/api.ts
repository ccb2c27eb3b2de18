/**
 * The typed API the renderer sees as `window.fusem`.
 *
 * A stub for now: the preload exposes only the app version. Later issues add
 * the request/response types and their validators here (see DESIGN.md §2:
 * one API, two transports — Electron IPC and the WebSocket of `fusem serve`).
 */
export interface FusemApi {
  readonly version: string;
}

/** The key under which the preload exposes the API on `window`. */
export const API_KEY = 'fusem';
