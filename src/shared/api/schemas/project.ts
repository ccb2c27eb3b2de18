// project.* and demo.open: a project is a folder on the backend's disk (DESIGN.md §3).

import { z } from '../z.js';
import { FilePath, FusionParamsSchema, GivenFactorsSchema, IsoTime, Label } from './common.js';

/** The open project as the UI shows it. */
export const ProjectInfo = z.object({
  /** The project folder (absolute, on the backend's machine). */
  dir: FilePath,
  name: z.string().max(500),
  /** Opened read-only (by request, or because another fusem holds it): mutating requests get `forbidden`. */
  readOnly: z.boolean(),
  created: IsoTime,
  modified: IsoTime,
  /** The parameters the next fusion uses. */
  parameters: FusionParamsSchema,
  /** The per-element factors the next fusion uses (null: none given, k-ratios estimated from the HAADF where possible). */
  factors: GivenFactorsSchema.nullable().optional(),
  datasets: z.number().int().min(0),
  results: z.number().int().min(0),
});
export type ProjectInfo = z.output<typeof ProjectInfo>;

export const RecentProject = z.object({
  dir: FilePath,
  name: z.string().max(500),
  openedAt: IsoTime,
  /** False when the folder is gone (moved, unmounted). */
  exists: z.boolean(),
});
export type RecentProject = z.output<typeof RecentProject>;

export const ProjectCreateParams = z.strictObject({ dir: FilePath, name: Label.min(1) });
export const ProjectOpenParams = z.strictObject({ dir: FilePath, readOnly: z.boolean().optional() });
/** The project this backend has open (a reloaded page or a second tab carries on with it), or null. */
export const ProjectCurrentResult = ProjectInfo.nullable();
export const ProjectRecentResult = z.object({ projects: z.array(RecentProject) });

/** project.changed: the open project changed (opened, closed, datasets, results or parameters). */
export const ProjectChangedEvent = z.object({
  reason: z.enum(['opened', 'closed', 'datasets', 'results', 'parameters']),
  /** The project now; null once closed. */
  project: ProjectInfo.nullable(),
});
export type ProjectChangedEvent = z.output<typeof ProjectChangedEvent>;
