// project.json (DESIGN.md §3): what a project holds, as a TypeScript type and a hand-written runtime check that
// lists every problem as a sentence naming the field. A reader without fusem should understand the file.

import { FACTOR_KINDS, MAX_FACTOR_UNCERTAINTY, type GivenFactors } from '../../../compute/kfactors/factors.js';
import type { InputFileRecord } from '../../../compute/io/result/write.js';
import type { FusionParams } from '../../../compute/solve/params.js';
import type { FusionResult } from '../../../compute/solve/fuse.js';
import { ProjectMapSettings, type MapSettings } from '../../../shared/api/schemas/spectrum.js';
import { isSafeName } from './ids.js';
import { checkStoredParams } from './stored-params.js';

/** The project format this fusem writes and the newest it reads. Raise it when old readers would misread a file. */
export const PROJECT_FORMAT_VERSION = 1;

export const PROJECT_FILE = 'project.json';
export const BACKUP_FILE = 'project.json.bak';
export const DATASETS_DIR = 'datasets';
export const RESULTS_DIR = 'results';
export const EXPORTS_DIR = 'exports';

export type ImportMode = 'copy' | 'reference';

/** One input file of a dataset. */
export interface DatasetFileRecord {
  /** The file's name as imported. */
  name: string;
  sha256: string;
  bytes: number;
  /** copy: relative to the project folder (datasets/<id>/<name>); reference: the original's absolute path. */
  path: string;
  /** reference only: the original's path relative to the project folder, tried when `path` is gone (moved together). */
  relativePath?: string;
}

export interface DatasetRecord {
  id: string;
  label: string;
  mode: ImportMode;
  /** ISO time of the import. */
  imported: string;
  files: DatasetFileRecord[];
  /** Element labels corrected at import: the label as read → the one used. */
  relabel?: Record<string, string>;
  /** The dataset is one spectrum image: its maps are made with the project's mapSettings (issue 11). */
  spectrumImage?: 'EELS' | 'EDX';
}

/** The index entry of a result folder results/<id>/ (which holds the `fusem fuse` layout and report.json). */
export interface ResultRecord {
  id: string;
  datasetId: string;
  label?: string;
  created: string;
  /** Relative to the project folder: results/<id>. */
  dir: string;
  elements: string[];
  /** [rows, cols] */
  shape: [number, number];
  units: string;
  params: FusionResult['params'];
  /** The inputs as read for this fusion, with their sha256. */
  inputs: InputFileRecord[];
  fusemVersion: string;
  backend: string;
  threads: number;
  wallMs: number;
  iterationsRun: number;
  stoppedBy: FusionResult['stoppedBy'];
  /** Files in the result folder. */
  files: string[];
}

export interface ProjectFile {
  /** Integer; readers refuse a larger one than they know. */
  formatVersion: number;
  /** The fusem that last wrote the file. */
  fusemVersion: string;
  name: string;
  created: string;
  /** The fusem that created the project. */
  createdBy: string;
  modified: string;
  /** The parameters the next fusion uses. */
  parameters: FusionParams;
  /** The per-element factors the next fusion uses (absent: none given). */
  factors?: GivenFactors;
  /** How element maps are made from spectrum-image datasets, per technique (app and watcher; absent: none chosen yet). */
  mapSettings?: { EELS?: MapSettings; EDX?: MapSettings };
  datasets: DatasetRecord[];
  results: ResultRecord[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIso = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isHex64 = (v: unknown): boolean => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isFiniteNum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Field checks: [key, test, what it must be, optional]. */
type Rule = [string, (v: unknown) => boolean, string, boolean?];

function checkFields(o: Obj, where: string, rules: Rule[], problems: string[]): void {
  for (const [key, ok, what, optional] of rules) {
    if (!(key in o) || o[key] === undefined) {
      if (!optional) problems.push(`${where}.${key} is missing`);
    } else if (!ok(o[key])) {
      problems.push(`${where}.${key} must be ${what}`);
    }
  }
}

const str = (v: unknown): boolean => typeof v === 'string';
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0;
const safeId = (v: unknown): boolean => typeof v === 'string' && isSafeName(v);

function checkDatasetFile(f: unknown, where: string, problems: string[]): void {
  if (!isObj(f)) { problems.push(`${where} must be an object`); return; }
  checkFields(f, where, [
    ['name', nonEmpty, 'a file name'], ['sha256', isHex64, 'a sha256 (64 hex digits)'], ['bytes', isCount, 'a byte count'],
    ['path', nonEmpty, 'a path'], ['relativePath', str, 'a path', true],
  ], problems);
}

function checkDataset(d: unknown, where: string, problems: string[]): void {
  if (!isObj(d)) { problems.push(`${where} must be an object`); return; }
  checkFields(d, where, [
    ['id', safeId, 'a plain name (letters, digits, . _ -)'], ['label', str, 'a string'],
    ['mode', (v) => v === 'copy' || v === 'reference', '"copy" or "reference"'], ['imported', isIso, 'an ISO date'],
    ['files', Array.isArray, 'a list'],
    ['relabel', (v) => isObj(v) && Object.values(v).every(nonEmpty), 'an object of element labels', true],
    ['spectrumImage', (v) => v === 'EELS' || v === 'EDX', '"EELS" or "EDX"', true],
  ], problems);
  if (Array.isArray(d['files'])) d['files'].forEach((f, i) => checkDatasetFile(f, `${where}.files[${i}]`, problems));
}

function checkInputRecord(r: unknown, where: string, problems: string[]): void {
  if (!isObj(r)) { problems.push(`${where} must be an object`); return; }
  checkFields(r, where, [['role', str, 'a string'], ['file', str, 'a path'], ['sha256', str, 'a string'], ['title', str, 'a string', true]], problems);
}

function checkResult(r: unknown, where: string, problems: string[]): void {
  if (!isObj(r)) { problems.push(`${where} must be an object`); return; }
  checkFields(r, where, [
    ['id', safeId, 'a plain name (letters, digits, . _ -)'], ['datasetId', str, 'a dataset id'], ['label', str, 'a string', true],
    ['created', isIso, 'an ISO date'], ['dir', nonEmpty, 'a path'], ['elements', isStrings, 'a list of element symbols'],
    ['shape', (v) => Array.isArray(v) && v.length === 2 && v.every(isCount), '[rows, cols]'], ['units', str, 'a string'],
    ['params', isObj, 'an object'], ['inputs', Array.isArray, 'a list'], ['fusemVersion', str, 'a version string'],
    ['backend', str, 'a string'], ['threads', isCount, 'a count'], ['wallMs', isFiniteNum, 'a number'],
    ['iterationsRun', isCount, 'a count'], ['stoppedBy', str, 'a string'], ['files', isStrings, 'a list of file names'],
  ], problems);
  if (Array.isArray(r['inputs'])) r['inputs'].forEach((x, i) => checkInputRecord(x, `${where}.inputs[${i}]`, problems));
}

function checkUniqueIds(list: unknown, where: string, problems: string[]): Set<string> {
  const seen = new Set<string>();
  if (!Array.isArray(list)) return seen;
  for (const item of list) {
    if (!isObj(item) || typeof item['id'] !== 'string') continue;
    if (seen.has(item['id'])) problems.push(`${where}: id ${item['id']} appears twice`);
    seen.add(item['id']);
  }
  return seen;
}

/**
 * Problems with a parsed project.json of this format version, one sentence each (empty: valid), and the value
 * with parameter defaults filled in. Fields this fusem does not know are kept, not reported. Warnings are
 * oddities that do not stop the project from opening (a result whose dataset is not listed).
 */
export function validateProjectFile(value: unknown): { project: ProjectFile | null; problems: string[]; warnings: string[] } {
  if (!isObj(value)) return { project: null, problems: ['the top level must be a JSON object'], warnings: [] };
  const problems: string[] = [];
  const warnings: string[] = [];
  checkFields(value, 'project', [
    ['formatVersion', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1, 'a positive integer'],
    ['fusemVersion', str, 'a version string'], ['name', str, 'a string'], ['created', isIso, 'an ISO date'],
    ['createdBy', str, 'a version string'], ['modified', isIso, 'an ISO date'],
    ['datasets', Array.isArray, 'a list'], ['results', Array.isArray, 'a list'],
  ], problems);
  const { params, problems: paramProblems } = 'parameters' in value
    ? checkStoredParams(value['parameters'], 'project.parameters')
    : { params: null, problems: ['project.parameters is missing'] };
  problems.push(...paramProblems);
  if (value['factors'] !== undefined) {
    const f = value['factors'];
    const u = isObj(f) ? f['uncertainty'] : undefined;
    const uncertaintyOk = u === undefined || (isObj(u) && Object.values(u).every((v) => isFiniteNum(v) && (v as number) >= 0 && (v as number) <= MAX_FACTOR_UNCERTAINTY));
    if (!isObj(f) || !(FACTOR_KINDS as readonly unknown[]).includes(f['kind']) || !isObj(f['values']) || !Object.values(f['values']).every((v) => isFiniteNum(v) && (v as number) > 0) || !uncertaintyOk) {
      problems.push(`project.factors must be { kind: ${FACTOR_KINDS.join(' | ')}, values: { element: number > 0 }, uncertainty?: { element: relative error 0…${MAX_FACTOR_UNCERTAINTY} } }`);
    }
  }
  if (value['mapSettings'] !== undefined && !ProjectMapSettings.safeParse(value['mapSettings']).success) {
    problems.push('project.mapSettings must be { EELS?, EDX? }, each { elements: [symbols], lines?, preEdge?, signal?, background?, edxMethod?, energyBin?, pixelBin?, resolutionMnKa? }');
  }
  const datasets = value['datasets'];
  const results = value['results'];
  if (Array.isArray(datasets)) datasets.forEach((d, i) => checkDataset(d, `project.datasets[${i}]`, problems));
  if (Array.isArray(results)) results.forEach((r, i) => checkResult(r, `project.results[${i}]`, problems));
  const datasetIds = checkUniqueIds(datasets, 'project.datasets', problems);
  checkUniqueIds(results, 'project.results', problems);
  if (Array.isArray(results)) {
    results.forEach((r, i) => {
      if (isObj(r) && typeof r['datasetId'] === 'string' && !datasetIds.has(r['datasetId'])) {
        warnings.push(`project.results[${i}].datasetId ${r['datasetId']} names no dataset of this project`);
      }
    });
  }
  if (problems.length > 0 || params === null) return { project: null, problems, warnings };
  return { project: { ...(value as unknown as ProjectFile), parameters: params }, problems, warnings };
}
