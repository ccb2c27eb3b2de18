// watch.*: near-live fusion of an acquisition folder (src/main/services/watcher), and its events.

import { z } from '../z.js';
import { FilePath } from './common.js';

export const WatchStartParams = z.strictObject({
  /** The acquisition folder. */
  dir: FilePath,
  /** Poll the folder instead of OS events (network shares). */
  poll: z.boolean().optional(),
  /** Polling interval, ms. */
  pollIntervalMs: z.number().int().min(50).max(60000).optional(),
});

const DatasetPhase = z.enum(['collecting', 'incomplete', 'checking', 'retrying', 'queued', 'fusing', 'done', 'failed']);
const DatasetKind = z.enum(['file', 'group']);
const Member = z.object({ role: z.string(), file: z.string() });
const Count = z.number().int().min(0);
const Ms = z.number().min(0);

/** One acquisition dataset as the watcher's queue shows it (watcher/types.ts DatasetSnapshot). */
export const WatchDataset = z.object({
  id: z.string(),
  kind: DatasetKind,
  phase: DatasetPhase,
  members: z.array(Member),
  fusions: Count,
  resultDir: z.string().nullable(),
  queuePosition: Count.nullable(),
  iteration: Count.nullable(),
  iterations: Count.nullable(),
  readAttempts: Count,
  message: z.string().nullable(),
  updatedAt: z.number(),
});
export type WatchDataset = z.output<typeof WatchDataset>;

export const WatchState = z.object({
  running: z.boolean(),
  /** The folder watched, or null. */
  dir: FilePath.nullable(),
  /** Where results go, or null. */
  out: FilePath.nullable(),
  datasets: z.array(WatchDataset),
});
export type WatchState = z.output<typeof WatchState>;

/** watch.event: the watcher's events (watcher/types.ts WatcherEvents), tagged by `type`. */
export const WatchEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dataset-detected'), id: z.string(), kind: DatasetKind, file: z.string() }),
  z.object({ type: z.literal('dataset-queued'), id: z.string(), members: z.array(Member), reason: z.enum(['new', 'changed']), queuePosition: Count }),
  z.object({
    type: z.literal('fusion-started'), id: z.string(), elements: z.array(z.string()), width: Count, height: Count,
    warmStart: z.boolean(), run: Count,
  }),
  z.object({
    type: z.literal('fusion-progress'), id: z.string(), iteration: Count, iterations: Count, level: z.enum(['coarse', 'full']),
    haadf: z.number(), chem: z.number(), tv: z.number(), total: z.number(), change: z.number(),
  }),
  z.object({
    type: z.literal('fusion-done'), id: z.string(), resultDir: z.string(), elements: z.array(z.string()), iterationsRun: Count,
    warmStart: z.boolean(), run: Count, backend: z.string(), waitMs: Ms, readMs: Ms, queuedMs: Ms, fuseMs: Ms, writeMs: Ms,
  }),
  z.object({ type: z.literal('dataset-failed'), id: z.string(), file: z.string(), message: z.string(), stage: z.enum(['read', 'fuse', 'write']) }),
  z.object({ type: z.literal('watcher-error'), message: z.string() }),
  z.object({ type: z.literal('idle') }),
]);
export type WatchEvent = z.output<typeof WatchEvent>;
