/** The image viewer (issue 5): synced zoom/pan views of layers, scale bar, colour bar, legend, split view. */
export { default as ImageView } from './ImageView.svelte';
export { default as SplitView } from './SplitView.svelte';
export { default as ScaleBar } from './ScaleBar.svelte';
export { default as ColorBar } from './ColorBar.svelte';
export { default as Legend } from './Legend.svelte';
export { Viewport } from './viewport.svelte.js';
export * from './viewport-math.js';
export * from './layers.js';
export * from './readout.js';
export type * from './types.js';
