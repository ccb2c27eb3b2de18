// Projects on disk (DESIGN.md §3): create, open (locked, or read-only), change, autosave, close.
// Every change is in memory at once and on disk after a short debounce (or at once for imports and results);
// project.json is replaced atomically with the previous version kept as project.json.bak.

import type { GivenFactors } from '../../../compute/kfactors/factors.js';
import { MapSettings as MapSettingsSchema, type MapSettings, type SpectrumKind } from '../../../shared/api/schemas/spectrum.js';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FusionResult } from '../../../compute/solve/fuse.js';
import { DEFAULT_PARAMS, type FusionParams } from '../../../compute/solve/params.js';
import { FUSEM_VERSION } from '../../../compute/node/version.js';
import { commitImport, importFiles, IMPORT_MARKER, locateDatasetFiles, verifyDatasetFiles, type ImportOptions, type ResolvedFile } from './datasets.js';
import { isTempOf, serialize } from './durable-write.js';
import { errnoOf, messageOf, ProjectError } from './errors.js';
import { newId } from './ids.js';
import { acquireLock, type LockOptions, type ProjectLock } from './lock.js';
import { keepDamaged, readProjectFile, writeProjectFile } from './project-file.js';
import {
  BACKUP_FILE, DATASETS_DIR, EXPORTS_DIR, PROJECT_FILE, PROJECT_FORMAT_VERSION, RESULTS_DIR,
  type DatasetRecord, type ProjectFile, type ResultRecord,
} from './project-schema.js';
import { writeProjectResult, type ResultProvenance } from './results.js';
import { mkdirBounded } from '../../../compute/io/safe-path.js';
import { checkStoredParams } from './stored-params.js';

export interface OpenOptions {
  /** Open without the lock; every change is refused. Works while another fusem has the project open. */
  readOnly?: boolean;
  /** Save this long after the last change (ms, default 1000); false: only on save() and close(). */
  autosaveMs?: number | false;
  lock?: LockOptions;
  /** An autosave failed (the change stays in memory and is retried at the next save). */
  onSaveError?: (error: ProjectError) => void;
}

export interface ProjectHandle {
  /** The project folder (absolute). */
  readonly dir: string;
  readonly readOnly: boolean;
  /** What the user should be told about this open: backup used, stale lock taken over, oddities found. */
  readonly warnings: readonly string[];
  /** Changes not yet on disk. */
  readonly dirty: boolean;
  readonly closed: boolean;
  name(): string;
  /** A copy of the whole project file as it would be saved now. */
  snapshot(): ProjectFile;
  parameters(): FusionParams;
  listDatasets(): DatasetRecord[];
  getDataset(id: string): DatasetRecord | undefined;
  /** Where the dataset's files are now (copies inside the project, or the referenced originals). */
  datasetFiles(id: string): Promise<ResolvedFile[]>;
  /** Missing or changed (sha256) dataset files; empty when all is well. */
  verifyDataset(id: string): Promise<string[]>;
  /** Results, oldest first; of one dataset when `datasetId` is given. */
  listResults(datasetId?: string): ResultRecord[];
  /** The absolute path of results/<id>/. */
  resultDir(id: string): string;
  importDataset(files: string | string[], options: ImportOptions): Promise<DatasetRecord>;
  addResult(datasetId: string, result: FusionResult, provenance?: ResultProvenance): Promise<ResultRecord>;
  setParameters(params: FusionParams): void;
  /** The per-element factors the next fusion uses, or null. */
  factors(): GivenFactors | null;
  setFactors(factors: GivenFactors | null): void;
  /** How spectrum-image datasets of this technique are mapped (issue 11), or null when none chosen yet. */
  mapSettings(kind: SpectrumKind): MapSettings | null;
  setMapSettings(kind: SpectrumKind, settings: MapSettings): void;
  setName(name: string): void;
  /** Give result `id` a new label (saved with the next autosave). */
  renameResult(id: string, label: string): ResultRecord;
  /** Write pending changes now (no-op when there are none). */
  save(): Promise<void>;
  /** Save pending changes, stop the heartbeat and release the lock. If saving fails the project stays open, unless `discardUnsaved`. */
  close(options?: { discardUnsaved?: boolean }): Promise<void>;
}

const clone = <T>(v: T): T => structuredClone(v);
const IGNORABLE = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

class Project implements ProjectHandle {
  private data: ProjectFile;
  private isDirty = false;
  private isClosed = false;
  private timer: NodeJS.Timeout | null = null;
  private skipBackupOnce: boolean;
  private readonly pendingIds = new Set<string>();
  private readonly projectFile: string;

  constructor(
    readonly dir: string,
    data: ProjectFile,
    private readonly lock: ProjectLock | null,
    readonly warnings: readonly string[],
    private readonly options: OpenOptions,
    skipBackupOnce: boolean,
  ) {
    this.data = data;
    this.skipBackupOnce = skipBackupOnce;
    this.projectFile = path.join(dir, PROJECT_FILE);
  }

  get readOnly(): boolean { return this.lock === null; }

  /** Opened from the backup: there are changes to write (project.json itself). */
  markRecovered(): void { this.isDirty = true; }
  get dirty(): boolean { return this.isDirty; }
  get closed(): boolean { return this.isClosed; }

  private assertOpen(): void {
    if (this.isClosed) throw new ProjectError('closed', this.dir, 'this project has been closed');
  }

  private assertWritable(): ProjectLock {
    this.assertOpen();
    if (this.lock === null) throw new ProjectError('read-only', this.dir, 'is open read-only; reopen it without read-only to change it');
    return this.lock;
  }

  private taken = (id: string): boolean =>
    this.pendingIds.has(id) || this.data.datasets.some((d) => d.id === id) || this.data.results.some((r) => r.id === id);

  name(): string { this.assertOpen(); return this.data.name; }
  snapshot(): ProjectFile { this.assertOpen(); return clone(this.data); }
  parameters(): FusionParams { this.assertOpen(); return clone(this.data.parameters); }
  listDatasets(): DatasetRecord[] { this.assertOpen(); return clone(this.data.datasets); }

  getDataset(id: string): DatasetRecord | undefined {
    this.assertOpen();
    const d = this.data.datasets.find((x) => x.id === id);
    return d ? clone(d) : undefined;
  }

  private dataset(id: string): DatasetRecord {
    const d = this.data.datasets.find((x) => x.id === id);
    if (!d) throw new ProjectError('not-found', this.projectFile, `has no dataset ${id}`);
    return d;
  }

  datasetFiles(id: string): Promise<ResolvedFile[]> { this.assertOpen(); return locateDatasetFiles(this.dir, clone(this.dataset(id))); }
  verifyDataset(id: string): Promise<string[]> { this.assertOpen(); return verifyDatasetFiles(this.dir, clone(this.dataset(id))); }

  listResults(datasetId?: string): ResultRecord[] {
    this.assertOpen();
    const list = this.data.results.filter((r) => datasetId === undefined || r.datasetId === datasetId);
    return clone(list).sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
  }

  resultDir(id: string): string {
    this.assertOpen();
    const r = this.data.results.find((x) => x.id === id);
    if (!r) throw new ProjectError('not-found', this.projectFile, `has no result ${id}`);
    return path.join(this.dir, RESULTS_DIR, r.id);
  }

  async importDataset(files: string | string[], options: ImportOptions): Promise<DatasetRecord> {
    this.assertWritable();
    if (options.mode !== 'copy' && options.mode !== 'reference') throw new ProjectError('invalid', 'importDataset', `mode must be "copy" or "reference" (got ${String(options.mode)})`);
    const id = newId('ds', this.taken);
    this.pendingIds.add(id);
    try {
      const record = await importFiles(this.dir, id, Array.isArray(files) ? files : [files], options);
      this.data.datasets.push(record);
      this.touch();
      await this.save();
      await commitImport(this.dir, id); // listed in project.json now: no longer a pending import
      return clone(record);
    } finally {
      this.pendingIds.delete(id);
    }
  }

  async addResult(datasetId: string, result: FusionResult, provenance: ResultProvenance = {}): Promise<ResultRecord> {
    this.assertWritable();
    const dataset = this.dataset(datasetId);
    const id = newId('res', this.taken);
    this.pendingIds.add(id);
    try {
      const record = await writeProjectResult(this.dir, id, clone(dataset), result, provenance);
      this.data.results.push(record);
      this.touch();
      await this.save();
      return clone(record);
    } finally {
      this.pendingIds.delete(id);
    }
  }

  setParameters(params: FusionParams): void {
    this.assertWritable();
    const { params: checked, problems } = checkStoredParams(clone(params), 'parameters');
    if (problems.length > 0) throw new ProjectError('invalid', 'parameters', problems.join('; '));
    this.data.parameters = checked;
    this.touch();
  }

  renameResult(id: string, label: string): ResultRecord {
    this.assertWritable();
    const r = this.data.results.find((x) => x.id === id);
    if (!r) throw new ProjectError('not-found', this.projectFile, `has no result ${id}`);
    if (typeof label !== 'string' || label.trim() === '') throw new ProjectError('invalid', 'label', 'a result name cannot be empty');
    r.label = label.trim();
    this.touch();
    return clone(r);
  }

  factors(): GivenFactors | null { this.assertOpen(); return this.data.factors ? clone(this.data.factors) : null; }

  setFactors(factors: GivenFactors | null): void {
    this.assertWritable();
    if (factors) this.data.factors = clone(factors);
    else delete this.data.factors;
    this.touch();
  }

  mapSettings(kind: SpectrumKind): MapSettings | null { this.assertOpen(); const s = this.data.mapSettings?.[kind]; return s ? clone(s) : null; }

  setMapSettings(kind: SpectrumKind, settings: MapSettings): void {
    this.assertWritable();
    const checked = MapSettingsSchema.safeParse(settings);
    if (!checked.success) throw new ProjectError('invalid', 'mapSettings', checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    this.data.mapSettings = { ...this.data.mapSettings, [kind]: clone(checked.data) };
    this.touch();
  }

  setName(name: string): void {
    this.assertWritable();
    if (typeof name !== 'string' || name.trim() === '') throw new ProjectError('invalid', 'name', 'a project name cannot be empty');
    this.data.name = name.trim();
    this.touch();
  }

  private touch(): void {
    this.isDirty = true;
    const delay = this.options.autosaveMs ?? 1000;
    if (delay === false) return;
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.save().catch((e: unknown) => {
        const err = e instanceof ProjectError ? e : new ProjectError('io', this.projectFile, `could not be saved: ${messageOf(e)}`);
        this.options.onSaveError?.(err);
      });
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async save(): Promise<void> {
    const lock = this.assertWritable();
    this.cancelTimer();
    await serialize(this.projectFile, () => this.writeNow(lock));
  }

  private async writeNow(lock: ProjectLock): Promise<void> {
    if (!this.isDirty) return;
    if (!(await lock.heartbeat())) {
      throw new ProjectError('lock-lost', this.dir, 'was taken over by another fusem while open here; these changes were not saved over its work — save them elsewhere');
    }
    const next: ProjectFile = { ...this.data, formatVersion: PROJECT_FORMAT_VERSION, fusemVersion: FUSEM_VERSION, modified: new Date().toISOString() };
    this.isDirty = false;
    try {
      await writeProjectFile(this.dir, next, !this.skipBackupOnce);
    } catch (e) {
      this.isDirty = true;
      throw new ProjectError('io', this.projectFile, `could not be saved (${messageOf(e)}); the previous version on disk is intact`);
    }
    this.skipBackupOnce = false;
    this.data.modified = next.modified;
    this.data.fusemVersion = next.fusemVersion;
    this.data.formatVersion = next.formatVersion;
  }

  async close(options: { discardUnsaved?: boolean } = {}): Promise<void> {
    if (this.isClosed) return;
    this.cancelTimer();
    if (this.lock !== null) {
      try {
        await this.save();
      } catch (e) {
        if (!options.discardUnsaved) throw e;
      }
      await this.lock.release();
    }
    this.isClosed = true;
  }
}

async function folderState(dir: string): Promise<'absent' | 'empty' | 'project' | 'other' | 'not-folder'> {
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) return 'not-folder';
    entries = await readdir(dir);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return 'absent';
    throw new ProjectError('io', dir, `cannot be read: ${messageOf(e)}`);
  }
  if (entries.includes(PROJECT_FILE) || entries.includes(BACKUP_FILE)) return 'project';
  return entries.every((e) => IGNORABLE.has(e)) ? 'empty' : 'other';
}

/** Create a new project in `dir` (absent or empty) and open it. */
export async function createProject(dir: string, name: string, options: Omit<OpenOptions, 'readOnly'> = {}): Promise<ProjectHandle> {
  const root = path.resolve(dir);
  const state = await folderState(root);
  if (state === 'project') throw new ProjectError('exists', root, 'already holds a fusem project; open it instead');
  if (state === 'other') throw new ProjectError('not-empty', root, 'is not empty; choose an empty or new folder for the project');
  if (state === 'not-folder') throw new ProjectError('invalid', root, 'is a file, not a folder');
  await mkdirBounded(root); // one level at a time: a recursive mkdir loops forever under /proc
  const lock = await acquireLock(root, options.lock);
  try {
    for (const sub of [DATASETS_DIR, RESULTS_DIR, EXPORTS_DIR]) await mkdir(path.join(root, sub), { recursive: true });
    const now = new Date().toISOString();
    const data: ProjectFile = {
      formatVersion: PROJECT_FORMAT_VERSION, fusemVersion: FUSEM_VERSION,
      name: name.trim() || path.basename(root), created: now, createdBy: FUSEM_VERSION, modified: now,
      parameters: { ...DEFAULT_PARAMS }, datasets: [], results: [],
    };
    await writeProjectFile(root, data, false);
    return new Project(root, data, lock, lock.tookOver ? [lock.tookOver] : [], options, false);
  } catch (e) {
    await lock.release();
    throw e instanceof ProjectError ? e : new ProjectError('io', root, `could not create the project: ${messageOf(e)}`);
  }
}

/** Remove what interrupted writes left behind; say what is on disk but not in the index. Lock held. */
async function tidy(root: string, data: ProjectFile): Promise<string[]> {
  const warnings: string[] = [];
  const projectFile = path.join(root, PROJECT_FILE);
  const backupFile = path.join(root, BACKUP_FILE);
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (isTempOf(projectFile, name) || isTempOf(backupFile, name)) await rm(path.join(root, name), { force: true });
  }
  const known: Record<string, Set<string>> = {
    [DATASETS_DIR]: new Set(data.datasets.map((d) => d.id)),
    [RESULTS_DIR]: new Set(data.results.map((r) => r.id)),
  };
  for (const [sub, ids] of Object.entries(known)) {
    for (const name of await readdir(path.join(root, sub)).catch(() => [] as string[])) {
      const pending = sub === DATASETS_DIR && await stat(path.join(root, sub, name, IMPORT_MARKER)).then(() => true, () => false);
      if (/\.partial-\d+(-\d+)?$/.test(name)) {
        await rm(path.join(root, sub, name), { recursive: true, force: true });
      } else if (pending && ids.has(name)) {
        await rm(path.join(root, sub, name, IMPORT_MARKER), { force: true }); // listed: the import completed
      } else if (pending) {
        await rm(path.join(root, sub, name), { recursive: true, force: true }); // an import a crash interrupted
        warnings.push(`removed ${path.join(root, sub, name)}: an import that was interrupted before the project listed it`);
      } else if (!ids.has(name) && !IGNORABLE.has(name)) {
        warnings.push(`${path.join(root, sub, name)} is not listed in ${PROJECT_FILE} (left as it is)`);
      }
    }
  }
  return warnings;
}

/** Open the project in `dir`: locked for this fusem, or read-only. */
export async function openProject(dir: string, options: OpenOptions = {}): Promise<ProjectHandle> {
  const root = path.resolve(dir);
  const state = await folderState(root);
  if (state === 'absent') throw new ProjectError('missing', root, 'does not exist');
  if (state === 'not-folder') throw new ProjectError('missing', root, 'is not a folder');
  if (state !== 'project') throw new ProjectError('missing', root, `is not a fusem project (it has no ${PROJECT_FILE})`);
  const lock = options.readOnly ? null : await acquireLock(root, options.lock);
  try {
    const loaded = await readProjectFile(root);
    const warnings = [...(lock?.tookOver ? [lock.tookOver] : []), ...loaded.warnings];
    let skipBackupOnce = false;
    if (lock !== null) {
      if (loaded.damaged !== null) {
        try {
          const aside = await keepDamaged(loaded.damaged);
          warnings.push(`the damaged ${PROJECT_FILE} was kept as ${aside}`);
        } catch (e) {
          skipBackupOnce = true; // never let the damaged file replace the good backup
          warnings.push(`the damaged ${PROJECT_FILE} could not be moved aside (${messageOf(e)}); it will be replaced at the next save, and ${BACKUP_FILE} kept`);
        }
      }
      warnings.push(...await tidy(root, loaded.project));
    }
    const project = new Project(root, loaded.project, lock, warnings, options, skipBackupOnce);
    if (lock !== null && loaded.fromBackup) {
      // recovered from project.json.bak: write project.json again at once, so the project never rests on the backup alone
      project.markRecovered();
      await project.save().then(
        () => warnings.push(`${PROJECT_FILE} was rewritten from the backup`),
        (e: unknown) => warnings.push(`${PROJECT_FILE} could not be rewritten from the backup yet (${messageOf(e)}); it is retried at the next save`),
      );
    }
    return project;
  } catch (e) {
    await lock?.release();
    throw e;
  }
}
