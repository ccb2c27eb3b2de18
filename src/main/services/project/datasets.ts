// Importing a dataset into a project (DESIGN.md §3): its files copied into datasets/<id>/, or referenced where
// they are (datasets/<id>/reference.json says where, with each file's sha256). Either way the folder appears
// whole or not at all, and every file's sha256 is recorded so that a result can name exactly what it fused.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errnoOf, messageOf, ProjectError } from './errors.js';
import { fsyncDir, writeFileDurable } from './durable-write.js';
import { DATASETS_DIR, type DatasetFileRecord, type DatasetRecord, type ImportMode } from './project-schema.js';

export interface ImportOptions {
  mode: ImportMode;
  /** Shown in the UI; defaults to the first file's name. */
  label?: string;
  /** Corrected element labels (as read → as used), kept with the dataset. */
  relabel?: Record<string, string>;
  /** The one file is a spectrum image of this kind (issue 11). */
  spectrumImage?: 'EELS' | 'EDX';
}

export const REFERENCE_FILE = 'reference.json';

/**
 * In a dataset folder from its staging until project.json lists it: a folder that still has it and is not listed is
 * an import a crash interrupted, which the next open removes. Nothing without it is ever removed.
 */
export const IMPORT_MARKER = '.fusem-import-pending';

/** sha256 and size of `file`, streamed; when `copyTo` is given the bytes are also written there (and fsynced). */
export async function hashFile(file: string, copyTo?: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) { hash.update(chunk); bytes += chunk.length; done(null, chunk); },
  });
  if (copyTo === undefined) {
    await pipeline(createReadStream(file), tap, async (source: AsyncIterable<Buffer>) => { for await (const _ of source) { /* drain */ } });
  } else {
    await pipeline(createReadStream(file), tap, createWriteStream(copyTo, { flags: 'wx' }));
    const fh = await open(copyTo, 'r+');
    try { await fh.sync(); } finally { await fh.close(); }
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Distinct stored names for the files (a second "a.tif" becomes "a (2).tif"). */
function storedNames(files: string[]): string[] {
  const used = new Set<string>();
  return files.map((f) => {
    const base = path.basename(f);
    const ext = path.extname(base);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, base.length - ext.length)} (${n})${ext}`;
    used.add(name.toLowerCase());
    return name;
  });
}

async function checkSources(files: string[]): Promise<string[]> {
  if (files.length === 0) throw new ProjectError('invalid', 'importDataset', 'no files given');
  const abs = files.map((f) => path.resolve(f));
  for (const f of abs) {
    const st = await stat(f).catch((e: unknown) => {
      throw new ProjectError('not-found', f, errnoOf(e) === 'ENOENT' ? 'does not exist' : `cannot be read: ${messageOf(e)}`);
    });
    if (!st.isFile()) throw new ProjectError('invalid', f, 'is not a file');
  }
  return abs;
}

/** Import `files` as dataset `id` of the project in `projectDir`; returns its record (not yet in project.json). */
export async function importFiles(projectDir: string, id: string, files: string[], options: ImportOptions, at: Date = new Date()): Promise<DatasetRecord> {
  const sources = await checkSources(files);
  const parent = path.join(projectDir, DATASETS_DIR);
  const target = path.join(parent, id);
  const partial = `${target}.partial-${process.pid}`;
  await mkdir(parent, { recursive: true });
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial);
  try {
    await writeFileDurable(path.join(partial, IMPORT_MARKER), `fusem import of ${id}: this folder is removed when a project opens without listing it\n`);
    const names = storedNames(sources).map((n) => (n === IMPORT_MARKER ? `${n} (2)` : n));
    const records: DatasetFileRecord[] = [];
    for (const [i, src] of sources.entries()) {
      const name = names[i]!;
      if (options.mode === 'copy') {
        const { sha256, bytes } = await hashFile(src, path.join(partial, name)).catch((e: unknown) => {
          throw new ProjectError('io', src, `could not be copied into the project: ${messageOf(e)}`);
        });
        records.push({ name, sha256, bytes, path: `${DATASETS_DIR}/${id}/${name}` });
      } else {
        const { sha256, bytes } = await hashFile(src).catch((e: unknown) => { throw new ProjectError('io', src, `cannot be read: ${messageOf(e)}`); });
        records.push({ name, sha256, bytes, path: src, relativePath: path.relative(projectDir, src).split(path.sep).join('/') });
      }
    }
    if (options.mode === 'reference') {
      const note = 'These files were not copied into the project: fusem reads them from "path" (or "relativePath", relative to the project folder) and checks their sha256.';
      await writeFileDurable(path.join(partial, REFERENCE_FILE), JSON.stringify({ note, files: records }, null, 1) + '\n');
    }
    await rename(partial, target);
    await fsyncDir(parent);
    const label = options.label?.trim() || (sources.length === 1 ? names[0]! : `${names[0]!} + ${sources.length - 1} more`);
    const relabel = options.relabel && Object.keys(options.relabel).length > 0 ? { relabel: { ...options.relabel } } : {};
    return { id, label, mode: options.mode, imported: at.toISOString(), files: records, ...relabel, ...(options.spectrumImage ? { spectrumImage: options.spectrumImage } : {}) };
  } catch (e) {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

/** The import of `id` is in project.json: its folder is no longer pending. */
export async function commitImport(projectDir: string, id: string): Promise<void> {
  await rm(path.join(projectDir, DATASETS_DIR, id, IMPORT_MARKER), { force: true });
}

/** A dataset file located on disk. */
export interface ResolvedFile { record: DatasetFileRecord; path: string | null; problem: string | null }

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Where each file of `dataset` is now (null with a problem when it cannot be found). */
export async function locateDatasetFiles(projectDir: string, dataset: DatasetRecord): Promise<ResolvedFile[]> {
  const root = path.resolve(projectDir);
  const out: ResolvedFile[] = [];
  for (const record of dataset.files) {
    const candidates = dataset.mode === 'copy'
      ? [path.resolve(root, record.path)].filter((p) => inside(root, p))
      : [...new Set([record.path, ...(record.relativePath !== undefined ? [path.resolve(root, record.relativePath)] : [])])];
    let found: string | null = null;
    for (const c of candidates) {
      if (await stat(c).then((s) => s.isFile(), () => false)) { found = c; break; }
    }
    const problem = found ? null : `${candidates[0] ?? record.path} is missing (a file of dataset "${dataset.label || record.name}"${candidates.length > 1 ? `; also looked at ${candidates.slice(1).join(', ')}` : ''})`;
    out.push({ record, path: found, problem });
  }
  return out;
}

/** Problems with a dataset's files: missing, or changed since the import (sha256 differs). Empty when all is well. */
export async function verifyDatasetFiles(projectDir: string, dataset: DatasetRecord): Promise<string[]> {
  const problems: string[] = [];
  for (const f of await locateDatasetFiles(projectDir, dataset)) {
    if (f.path === null) { problems.push(f.problem!); continue; }
    const { sha256 } = await hashFile(f.path).catch(() => ({ sha256: '' }));
    if (sha256 !== f.record.sha256) problems.push(`${f.path} has changed since it was imported into dataset "${dataset.label || dataset.id}" (sha256 differs)`);
  }
  return problems;
}
