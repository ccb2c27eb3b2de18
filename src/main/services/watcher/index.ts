// The acquisition-folder watcher service (issue 4): plain Node, used by the Electron main, `fusem serve` and `fusem watch`.

export { AcquisitionWatcher, createWatcher } from './watcher.js';
export { defaultFuseDataset } from './default-fuse.js';
export { classifyFile, splitLabel, DATASET_EXTENSIONS, IMAGE_EXTENSIONS, SPECTRUM_IMAGE_ROLE, type FileRole } from './naming.js';
export { isTempName } from './temp-files.js';
export { NO_MAP_SETTINGS } from './load-dataset.js';
export type {
  DatasetDetectedEvent, DatasetFailedEvent, DatasetKind, DatasetMember, DatasetPhase, DatasetQueuedEvent, DatasetSnapshot,
  FuseDataset, FuseDatasetOptions, FusionDoneEvent, FusionProgressEvent, FusionStartedEvent, WatcherErrorEvent,
  WatcherEventName, WatcherEvents, WatcherOptions, ResolvedWatcherOptions,
} from './types.js';
