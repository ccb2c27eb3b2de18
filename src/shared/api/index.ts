// The typed API contract (DESIGN.md §2: one API, two transports).

export * from './errors.js';
export * from './methods.js';
export * from './events.js';
export * from './service.js';
export * from './dispatch.js';
export * from './bridge.js';
export * from './wire.js';
export * from './schemas/common.js';
export * from './schemas/project.js';
export * from './schemas/dataset.js';
export * from './schemas/result.js';
export * from './schemas/fusion.js';
export * from './schemas/quantify.js';
export * from './schemas/gamma.js';
export * from './schemas/export.js';
export * from './schemas/watch.js';
export * from './schemas/settings.js';
export * from './schemas/sweep.js';
export * from './schemas/files.js';
export * from './schemas/spectrum.js';
