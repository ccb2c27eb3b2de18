/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { FusemApi } from '../../shared/api';

declare global {
  interface Window {
    /** Present in the desktop app (exposed by the preload); absent in a plain browser. */
    readonly fusem?: FusemApi;
  }
}
