// fusem io: read what microscopes write, write what papers and other tools read (issue 3; DESIGN.md §2–§4).

export type { SignalKind, ImageRecord, Dataset } from './types.js';
export { InputError, isInputError } from './errors.js';
export { readImages } from './read-images.js';
export { readImage, readDataset, type ReadImageOptions } from './dataset.js';
export { parseElementLabel } from './labels/element-label.js';
export { classifySignal } from './labels/signal-kind.js';
export { writeNpy, encodeNpy } from './npy/write.js';
export { writeTiffFloat32, encodeTiffFloat32, type TiffWriteOptions } from './tiff/write.js';
export { writeResultHdf5 } from './hspy/write.js';
export { readResultHdf5 } from './hspy/read-result.js';
export type { FusionResultFile } from './hspy/result.js';
export { closeHdf5Worker } from './hdf5/client.js';
export { toFrame, isImage } from './frames.js';
export { detectFormat, SUPPORTED_EXTENSIONS, type FileFormat } from './detect.js';
export { MAX_FILE_BYTES } from './bytes.js';
