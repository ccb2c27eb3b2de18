// The result folder of a fusion as a format (spec.ts): its layout, writer, reader and atomic replacement.

export * from './spec.js';
export { NO_COMPOSITION_PER_MAP_UNITS, writeResult } from './write.js';
export { readResultMaps, readResultReport, type ResultMap } from './read.js';
export { ResultDirNotEmpty, writeResultDir } from './result-dir.js';
