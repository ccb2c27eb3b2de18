// Every request the UI makes: its name, the schema of its params and of its result, and whether it changes
// anything (a read-only server refuses those with `forbidden`). The one table both transports dispatch on.

import { z } from './z.js';
import { NoParams, Nothing } from './schemas/common.js';
import { DatasetData, DatasetGetParams, DatasetImportParams, DatasetListResult, DatasetSummary } from './schemas/dataset.js';
import { ExportDataParams, ExportDataResult, ExportFigureParams, ExportFigureResult } from './schemas/export.js';
import { FusionCancelParams, FusionCancelResult, FusionStartParams, FusionStartResult } from './schemas/fusion.js';
import { GammaScanParams, GammaScanResult } from './schemas/gamma.js';
import { ProjectCreateParams, ProjectCurrentResult, ProjectInfo, ProjectOpenParams, ProjectRecentResult } from './schemas/project.js';
import { FilesBrowseParams, FilesBrowseResult, FilesDescribeParams, FilesDescribeResult, UploadBeginParams, UploadBeginResult, UploadChunkParams, UploadChunkResult } from './schemas/files.js';
import { QuantifyRegionParams, QuantifyRegionResult } from './schemas/quantify.js';
import { ResultData, ResultGetParams, ResultListResult, ResultRenameParams, ResultSummary } from './schemas/result.js';
import { AppVersionResult, Settings, SettingsSetParams } from './schemas/settings.js';
import { WatchStartParams, WatchState } from './schemas/watch.js';
import { MapSettings, SpectrumApplyParams, SpectrumGetParams, SpectrumInfo, SpectrumMapParams, SpectrumMapResult, SpectrumRegionParams, SpectrumRegionResult } from './schemas/spectrum.js';
import {
  SweepCancelParams, SweepCancelResult, SweepData, SweepGetParams, SweepListResult, SweepResumeParams, SweepResumeResult, SweepStartParams, SweepStartResult,
} from './schemas/sweep.js';

export interface MethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  /** Changes the project, the files, the jobs, the watcher or the settings. */
  readonly mutates: boolean;
  /** For a mutating method: these (validated) params change nothing, so a read-only server answers them too. */
  readonly viewOnly?: (params: unknown) => boolean;
}

const spec = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R, mutates: boolean, viewOnly?: (params: z.output<P>) => boolean) =>
  ({ params, result, mutates, ...(viewOnly ? { viewOnly: viewOnly as (params: unknown) => boolean } : {}) });

export const METHODS = {
  'project.create': spec(ProjectCreateParams, ProjectInfo, true),
  'project.open': spec(ProjectOpenParams, ProjectInfo, true, (p) => p.readOnly === true), // read-only: for viewing
  'project.recent': spec(NoParams, ProjectRecentResult, false),
  'project.close': spec(NoParams, Nothing, true),
  'project.current': spec(NoParams, ProjectCurrentResult, false),
  'files.browse': spec(FilesBrowseParams, FilesBrowseResult, false),
  'files.describe': spec(FilesDescribeParams, FilesDescribeResult, false),
  'upload.begin': spec(UploadBeginParams, UploadBeginResult, true),
  'upload.chunk': spec(UploadChunkParams, UploadChunkResult, true),
  'dataset.import': spec(DatasetImportParams, DatasetSummary, true),
  'dataset.list': spec(NoParams, DatasetListResult, false),
  'dataset.get': spec(DatasetGetParams, DatasetData, false),
  'spectrum.get': spec(SpectrumGetParams, SpectrumInfo, false),
  'spectrum.region': spec(SpectrumRegionParams, SpectrumRegionResult, false),
  'spectrum.map': spec(SpectrumMapParams, SpectrumMapResult, false),
  'spectrum.apply': spec(SpectrumApplyParams, MapSettings, true),
  'result.list': spec(NoParams, ResultListResult, false),
  'result.get': spec(ResultGetParams, ResultData, false),
  'result.rename': spec(ResultRenameParams, ResultSummary, true),
  'fusion.start': spec(FusionStartParams, FusionStartResult, true),
  'fusion.cancel': spec(FusionCancelParams, FusionCancelResult, true),
  'quantify.region': spec(QuantifyRegionParams, QuantifyRegionResult, false),
  'gamma.scan': spec(GammaScanParams, GammaScanResult, false),
  'export.figure': spec(ExportFigureParams, ExportFigureResult, true),
  'export.data': spec(ExportDataParams, ExportDataResult, true),
  'watch.start': spec(WatchStartParams, WatchState, true),
  'watch.stop': spec(NoParams, WatchState, true),
  'watch.state': spec(NoParams, WatchState, false),
  'settings.get': spec(NoParams, Settings, false),
  'settings.set': spec(SettingsSetParams, Settings, true),
  'demo.open': spec(NoParams, ProjectInfo, true),
  'app.version': spec(NoParams, AppVersionResult, false),
  'sweep.start': spec(SweepStartParams, SweepStartResult, true),
  'sweep.resume': spec(SweepResumeParams, SweepResumeResult, true),
  'sweep.cancel': spec(SweepCancelParams, SweepCancelResult, true),
  'sweep.list': spec(NoParams, SweepListResult, false),
  'sweep.get': spec(SweepGetParams, SweepData, false),
} as const satisfies Record<string, MethodSpec>;

export type Method = keyof typeof METHODS;

export const METHOD_NAMES = Object.keys(METHODS) as Method[];

/** The params a caller passes (before validation). */
export type Params<M extends Method> = z.input<(typeof METHODS)[M]['params']>;
/** The params a service receives (validated). */
export type ParsedParams<M extends Method> = z.output<(typeof METHODS)[M]['params']>;
/** What the request answers. */
export type Result<M extends Method> = z.output<(typeof METHODS)[M]['result']>;

/** Methods whose params may be left out (they take none). */
export type NoParamsMethod = { [M in Method]: Params<M> extends Record<string, never> ? M : never }[Method];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(METHODS, name);
}
