// Reading and writing project.json (DESIGN.md §3). Reading refuses a file of a newer project format (and never
// writes it); a damaged project.json falls back to project.json.bak with a warning that says so; no project at
// all is a clear error naming the folder, never a silently empty project. Writing is atomic and durable and
// keeps the previous version as project.json.bak.

import { readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { FUSEM_VERSION } from '../../../compute/node/version.js';
import { errnoOf, messageOf, ProjectError } from './errors.js';
import { copyFileDurable, writeFileDurable } from './durable-write.js';
import { stamp } from './ids.js';
import { BACKUP_FILE, PROJECT_FILE, PROJECT_FORMAT_VERSION, validateProjectFile, type ProjectFile } from './project-schema.js';

export type ParsedProject =
  | { ok: true; project: ProjectFile; warnings: string[] }
  | { ok: false; code: 'corrupt' | 'newer-format'; problem: string };

const MAX_LISTED_PROBLEMS = 2; // a message stays one short line (compute/io/errors.ts)

/** The refusal for a file written in a newer project format. */
export function newerFormatProblem(formatVersion: number, writtenBy: unknown): string {
  const by = typeof writtenBy === 'string' && writtenBy ? `fusem ${writtenBy}` : 'a newer fusem';
  return `written by ${by} (project format ${formatVersion}); this fusem (${FUSEM_VERSION}) reads format ≤ ${PROJECT_FORMAT_VERSION} — update fusem; the project was not changed`;
}

/** Parse and check the text of a project.json. */
export function parseProjectText(text: string): ParsedProject {
  if (text.trim() === '') return { ok: false, code: 'corrupt', problem: 'is empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, code: 'corrupt', problem: `is not valid JSON (${messageOf(e)})` };
  }
  if (typeof value === 'object' && value !== null && 'formatVersion' in value) {
    const fv = value.formatVersion;
    if (typeof fv === 'number' && Number.isInteger(fv) && fv > PROJECT_FORMAT_VERSION) {
      return { ok: false, code: 'newer-format', problem: newerFormatProblem(fv, 'fusemVersion' in value ? value.fusemVersion : undefined) };
    }
  }
  const { project, problems, warnings } = validateProjectFile(value);
  if (project === null) {
    const more = problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : '';
    return { ok: false, code: 'corrupt', problem: `is not a valid fusem project: ${problems.slice(0, MAX_LISTED_PROBLEMS).join('; ')}${more}` };
  }
  return { ok: true, project, warnings };
}

/** The text written for a project: readable JSON, one space indentation, a final newline. */
export function serializeProject(project: ProjectFile): string {
  return JSON.stringify(project, null, 1) + '\n';
}

export interface LoadedProject {
  project: ProjectFile;
  warnings: string[];
  /** True when project.json could not be used and project.json.bak was read instead. */
  fromBackup: boolean;
  /** With fromBackup: the path of the damaged project.json, if there is one. */
  damaged: string | null;
}

type Attempt = { kind: 'absent' } | { kind: 'read'; parsed: ParsedProject };

async function attempt(file: string): Promise<Attempt> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return { kind: 'absent' };
    throw new ProjectError('io', file, `cannot be read: ${messageOf(e)}; the project was not changed`);
  }
  return { kind: 'read', parsed: parseProjectText(text) };
}

/** Read the project in `dir`, falling back to project.json.bak (with a warning) when project.json is unusable. */
export async function readProjectFile(dir: string): Promise<LoadedProject> {
  const main = path.join(dir, PROJECT_FILE);
  const bak = path.join(dir, BACKUP_FILE);
  const first = await attempt(main);
  const p1 = first.kind === 'read' ? first.parsed : null;
  if (p1?.ok) return { project: p1.project, warnings: p1.warnings.map((w) => `${main}: ${w}`), fromBackup: false, damaged: null };
  if (p1 && p1.code === 'newer-format') throw new ProjectError('newer-format', main, p1.problem);
  const second = await attempt(bak);
  const p2 = second.kind === 'read' ? second.parsed : null;
  if (p2?.ok) {
    const why = p1 ? p1.problem : 'is missing';
    const warning = `${main} ${why}; opened the backup ${BACKUP_FILE} (saved ${p2.project.modified}) instead — changes after that time are not in it`;
    return { project: p2.project, warnings: [warning, ...p2.warnings.map((w) => `${bak}: ${w}`)], fromBackup: true, damaged: p1 ? main : null };
  }
  if (p2 && p2.code === 'newer-format') throw new ProjectError('newer-format', bak, p2.problem);
  if (p1 === null) {
    const exists = await stat(dir).then((s) => s.isDirectory(), () => null);
    if (exists === null) throw new ProjectError('missing', dir, 'does not exist');
    if (!exists) throw new ProjectError('missing', dir, 'is not a folder');
    if (p2 === null) throw new ProjectError('missing', dir, `is not a fusem project (it has no ${PROJECT_FILE})`);
    throw new ProjectError('corrupt', dir, `has no ${PROJECT_FILE}, and its backup ${BACKUP_FILE} ${p2.problem}; the project was not changed`);
  }
  const bakProblem = p2 === null ? `there is no backup ${BACKUP_FILE}` : `the backup ${BACKUP_FILE} ${p2.problem}`;
  throw new ProjectError('corrupt', main, `${p1.problem}; ${bakProblem}; the project was not changed`);
}

/**
 * Write `project` as dir/project.json atomically and durably. With `backup`, the file it replaces (if any) is
 * first copied to project.json.bak (atomically too). Every moment, both files are a complete version.
 */
export async function writeProjectFile(dir: string, project: ProjectFile, backup = true): Promise<void> {
  const main = path.join(dir, PROJECT_FILE);
  const text = serializeProject(project);
  if (backup) {
    try {
      await copyFileDurable(main, path.join(dir, BACKUP_FILE));
    } catch (e) {
      if (errnoOf(e) !== 'ENOENT') throw e;
    }
  }
  await writeFileDurable(main, text);
}

/** Move an unusable project.json aside (project.json.damaged-<time>) so that it is kept for inspection. */
export async function keepDamaged(file: string, at: Date = new Date()): Promise<string> {
  const aside = `${file}.damaged-${stamp(at)}`;
  await rename(file, aside);
  return aside;
}
