// Compile-time checks (run by `npm run typecheck`): the contract's watcher types stay in step with the watcher's.

import type { DatasetSnapshot, WatcherEvents } from '../../../src/main/services/watcher/types.js';
import type { Assignable, Check } from '../../../src/shared/api/schemas/common.js';
import type { WatchDataset, WatchEvent } from '../../../src/shared/api/schemas/watch.js';

type Tagged = { [K in keyof WatcherEvents]: { type: K } & WatcherEvents[K] }[keyof WatcherEvents];

export type WatcherSnapshotFits = Check<Assignable<DatasetSnapshot, WatchDataset>>;
export type WatcherEventsFit = Check<Assignable<Tagged, WatchEvent>>;
