/**
 * The typed API the renderer sees as `window.fusem`: the contract lives in ./api/ (index.ts); this file keeps
 * the old import path working for types and the key. Import from './api/index.js' in new code.
 */
export type { FusemBridge as FusemApi } from './api/bridge.js';
export { API_KEY } from './api/bridge.js';
