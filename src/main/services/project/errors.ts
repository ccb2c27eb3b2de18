// Project errors are values the caller can show: a code to branch on, the file or folder at fault, one clear sentence.

import { InputError } from '../../../compute/io/errors.js';

export type ProjectErrorCode =
  | 'missing'        // no project (or no folder) where one was expected
  | 'not-empty'      // createProject into a folder that already holds something
  | 'exists'         // createProject where a project already is
  | 'corrupt'        // project.json (and its backup) cannot be used
  | 'newer-format'   // written by a newer fusem: refused, never overwritten
  | 'locked'         // open in another fusem
  | 'lock-lost'      // another fusem took the lock over while this one had the project open
  | 'read-only'      // a change was asked of a project opened read-only
  | 'closed'         // the handle was closed
  | 'not-found'      // an unknown dataset or result id
  | 'invalid'        // invalid parameters or arguments
  | 'io';            // the disk refused (full, permissions...); what was on disk is intact

/** A project problem the user can act on. It is an InputError, so the CLI exits 2 with its one-line message. */
export class ProjectError extends InputError {
  readonly code: ProjectErrorCode;
  constructor(code: ProjectErrorCode, file: string, problem: string) {
    super(file, problem);
    this.code = code;
  }
}

export function isProjectError(e: unknown): e is ProjectError {
  return e instanceof ProjectError;
}

/** The message of an unknown thrown value. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The errno code of a Node fs error, if any. */
export function errnoOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}
