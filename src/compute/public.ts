// What the API contract (src/shared) may import from the engine: the plain types and constants requests and replies
// are written in, and the parameter check the contract reuses. Nothing that computes a fusion, reads files or starts
// threads (tests/unit/architecture enforces that shared imports compute through this module only).

export { DEFAULT_PARAMS, validateParams, type FusionParams } from './solve/params.js';
export { DATA_TERM_CHOICES } from './model/data-terms/index.js';
export type { IterationRecord } from './solve/history.js';
export type { PhantomName } from './simulate/phantoms/index.js';
export { PREVIEW_FRAME_FIELDS, previewMapsFit, type PreviewFrame as HostPreviewFrame } from './host/protocol.js';
