// The acquisition-folder watcher's contract: options, the injected fusion, typed events and the state snapshot.

import type { BackendChoice } from '../../../compute/node/select-backend.js';
import type { FusionProgress, FusionResult } from '../../../compute/solve/fuse.js';
import type { FusionInputs } from '../../../compute/solve/inputs.js';
import type { FusionParams } from '../../../compute/solve/params.js';
import type { WatchedMapSettings } from './load-dataset.js';
import type { SpectrumSource } from './load-dataset.js';

export interface FuseDatasetOptions {
  /** Start from these maps (an earlier result of the same dataset, result units), when it grew. */
  warmStart?: Float32Array[];
  /** Each iteration's cost record (a FusionProgress satisfies it; the compute host's JobProgress too). */
  onProgress?: (p: Pick<FusionProgress, 'record' | 'iterations'>) => void;
  /** Fires when the watcher stops while this fusion runs. */
  signal?: AbortSignal;
}

/** How a dataset is fused; the default runs fuse() on createBackend(options.backend) and disposes it after. */
export type FuseDataset = (inputs: FusionInputs, params: FusionParams, options: FuseDatasetOptions) => Promise<FusionResult>;

export interface WatcherOptions {
  /** The acquisition folder. */
  dir: string;
  /** Results root: each dataset's result is written atomically to OUT/<id>/ in the `fusem fuse` layout. */
  out: string;
  /** Fusion parameters (default DEFAULT_PARAMS); settable while running with setParams(). */
  params?: FusionParams;
  /** How a spectrum image of this technique that lands is mapped, asked each time one is read (the project's current map settings); null: none chosen. */
  mapSettings?: (kind: 'EELS' | 'EDX') => WatchedMapSettings | null;
  /** Where a landing spectrum image is read and mapped (default: in this process; the app: on its compute host). */
  spectra?: SpectrumSource;
  /** The fusion (default: fuse() on a fresh backend, disposed after). */
  fuseDataset?: FuseDataset;
  /** Backend of the default fuseDataset (default 'auto'). */
  backend?: BackendChoice;
  /** CPU threads of the default fuseDataset's backend (default: all). */
  threads?: number;
  /** Poll the folder instead of OS events (network shares, some container mounts). Default false. */
  usePolling?: boolean;
  /** Polling interval in ms when usePolling (default 500). */
  pollIntervalMs?: number;
  /** Subfolder levels watched below `dir` (default 1). */
  depth?: number;
  /** A group of files is complete when no new member arrived for this long, ms (default 1500). */
  settleMs?: number;
  /** A file counts as completely written when its size and mtime are the same over this many checks (default 3). */
  stableChecks?: number;
  /** Between those checks, ms (default 200). */
  stableIntervalMs?: number;
  /** Reads of an unreadable (half-written, corrupt) dataset before it is reported failed (default 5). */
  readAttempts?: number;
  /** Wait before the first re-read, ms; doubled on each further attempt (default 500). */
  retryDelayMs?: number;
  /** Most recent results kept in memory for warm starts; older ones are read back from OUT/<id>/ (default 16). */
  warmStartCache?: number;
}

/** The options with every default filled in. */
export type ResolvedWatcherOptions = Required<Omit<WatcherOptions, 'fuseDataset' | 'threads' | 'params' | 'mapSettings' | 'spectra'>> & {
  threads: number | undefined;
};

/** What a dataset is made of: one file readDataset reads whole, or a group of image files sharing a name stem. */
export type DatasetKind = 'file' | 'group';

/**
 * Where a dataset is: `collecting` (files arriving / settling), `incomplete` (a group without a HAADF or without
 * element maps, waiting for more files), `checking` (waiting until every file is completely written), `retrying`
 * (unreadable, waiting to read again), `queued`, `fusing`, `done`, `failed`.
 */
export type DatasetPhase = 'collecting' | 'incomplete' | 'checking' | 'retrying' | 'queued' | 'fusing' | 'done' | 'failed';

/** One input file of a dataset: its role ('dataset' for a whole-dataset file, 'HAADF' or an element symbol). */
export interface DatasetMember {
  role: string;
  file: string;
}

/** One dataset as the UI's queue shows it. */
export interface DatasetSnapshot {
  /** The dataset's name: its stem, with subfolders ('scan012', 'day2/scan012'); the result goes to OUT/<id>/. */
  id: string;
  kind: DatasetKind;
  phase: DatasetPhase;
  members: DatasetMember[];
  /** Completed fusions of this dataset. */
  fusions: number;
  /** Result directory of the last completed fusion. */
  resultDir: string | null;
  /** Position in the fusion queue (0 = next), when queued. */
  queuePosition: number | null;
  /** While fusing: the last iteration reported, and how many are planned. */
  iteration: number | null;
  iterations: number | null;
  /** Read attempts made for the current content. */
  readAttempts: number;
  /** Why it failed, or what it still lacks (incomplete). */
  message: string | null;
  /** When the phase last changed (ms since the epoch). */
  updatedAt: number;
}

export interface DatasetDetectedEvent { id: string; kind: DatasetKind; file: string }
export interface DatasetQueuedEvent {
  id: string;
  members: DatasetMember[];
  /** 'new': never fused; 'changed': fused before, its files changed since (it is re-fused warm-started when it can be). */
  reason: 'new' | 'changed';
  queuePosition: number;
}
export interface FusionStartedEvent {
  id: string;
  elements: string[];
  width: number;
  height: number;
  /** The fusion starts from the previous result of this dataset. */
  warmStart: boolean;
  /** The n-th fusion of this dataset (1 = first). */
  run: number;
}
export interface FusionProgressEvent {
  id: string;
  iteration: number;
  iterations: number;
  level: 'coarse' | 'full';
  /** Cost terms Ψ1, Ψ2, TV and the weighted total, and the relative change of the iterate. */
  haadf: number;
  chem: number;
  tv: number;
  total: number;
  change: number;
}
export interface FusionDoneEvent {
  id: string;
  resultDir: string;
  elements: string[];
  iterationsRun: number;
  warmStart: boolean;
  run: number;
  backend: string;
  /** From the dataset's last file event to the read starting (settling and write-completion checks). */
  waitMs: number;
  readMs: number;
  /** Time in the queue before the fusion started. */
  queuedMs: number;
  fuseMs: number;
  writeMs: number;
}
export interface DatasetFailedEvent {
  id: string;
  /** The file at fault (the reader's), or the dataset's first file. */
  file: string;
  /** The reader's (or the fusion's) message. */
  message: string;
  stage: 'read' | 'fuse' | 'write';
}
export interface WatcherErrorEvent { message: string }

/** Every event and its payload. */
export interface WatcherEvents {
  'dataset-detected': DatasetDetectedEvent;
  'dataset-queued': DatasetQueuedEvent;
  'fusion-started': FusionStartedEvent;
  'fusion-progress': FusionProgressEvent;
  'fusion-done': FusionDoneEvent;
  'dataset-failed': DatasetFailedEvent;
  /** The file watcher itself reported a problem (e.g. a permission error in a subfolder); watching goes on. */
  'watcher-error': WatcherErrorEvent;
  /** Nothing is settling, being read, queued or fused (incomplete groups may remain). */
  idle: Record<string, never>;
}

export type WatcherEventName = keyof WatcherEvents;
