// Is a folder recognisably fusem's own result, which `--overwrite` may replace? Only when its report.json is a fusem
// report and every entry in it is a file fusem writes into a result (listed in the report, or one of its own names).
// Anything else — a user's notes, a subfolder, a folder without a report — is not fusem's to replace.

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { excerpt, InputError } from '../errors.js';
import { checkWritableFolder } from '../safe-path.js';
import { REPORT_FILE } from './spec.js';

/** The target exists and holds something, and replacing it was not asked for. Callers word the remedy (the CLI: --out / --overwrite). */
export class ResultDirNotEmpty extends InputError {
  constructor(dir: string) {
    super(dir, 'exists and is not empty; fusem does not replace it unless asked to');
  }
}

/** Names fusem writes into a result folder (fuse, demo, watch), besides what report.json lists. */
const OWN_NAME = /^(report\.json|(fused|stderr|input|truth)_[^/\\]{1,64}\.(npy|tif|tiff))$/;
/** Files the operating system drops into any folder. */
const OS_FILES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);
/** More entries than this is not a result folder (a result holds a few files per element). */
const MAX_ENTRIES = 2000;

/** Null when `dir` is a fusem result folder; otherwise why it is not (one short phrase). */
export async function notFusemResult(dir: string): Promise<string | null> {
  let report: unknown;
  try {
    report = JSON.parse(await readFile(path.join(dir, REPORT_FILE), 'utf8'));
  } catch {
    return 'it has no fusem report.json';
  }
  const r = report as { fusem?: unknown; files?: unknown };
  if (typeof report !== 'object' || report === null || typeof r.fusem !== 'string') return 'its report.json was not written by fusem';
  const listed = new Set(Array.isArray(r.files) ? r.files.filter((f): f is string => typeof f === 'string') : []);
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.length > MAX_ENTRIES) return `it holds ${entries.length} entries, more than a result`;
  for (const e of entries) {
    if (OS_FILES.has(e.name)) continue;
    if (!e.isFile()) return `it holds ${e.isDirectory() ? 'a folder' : 'an entry'} fusem did not write (${excerpt(e.name)})`;
    if (!listed.has(e.name) && !OWN_NAME.test(e.name)) return `it holds a file fusem did not write (${excerpt(e.name)})`;
  }
  return null;
}

/** True when `dir` is absent, or an empty folder. */
export async function isAbsentOrEmpty(dir: string): Promise<boolean> {
  const st = await stat(dir).catch(() => null);
  if (st === null) return true;
  return st.isDirectory() && (await readdir(dir)).every((n) => OS_FILES.has(n));
}

/**
 * Check, before any work, that a result may be written to `dir`: a writable place that is not a device, a
 * pseudo-filesystem, the root, the home or the working folder; absent or empty, or (with `overwrite`) a fusem result.
 * Returns the absolute path; throws an InputError naming `dir` otherwise. Nothing is changed.
 */
export async function checkResultTarget(dir: string, overwrite: boolean): Promise<string> {
  const target = await checkWritableFolder(dir, { what: 'the output folder' });
  const st = await stat(target).catch(() => null);
  if (st === null || (await isAbsentOrEmpty(target))) return target;
  if (!st.isDirectory()) throw new InputError(dir, 'is a file, not a folder; choose another --out');
  if (!overwrite) throw new ResultDirNotEmpty(dir);
  const why = await notFusemResult(target);
  if (why) throw new InputError(dir, `is not a fusem result (${why}); --overwrite replaces only a folder fusem wrote, so nothing was changed`);
  return target;
}
