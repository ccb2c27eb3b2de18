// export.figure / export.data: a result as a figure for a paper (the app's multi-panel figure with the user's display
// settings, as PNG at a DPI, SVG or PDF: scale bars, colour bars, legends) or as data (float32 TIFF with ImageJ calibration, .npy, CSV), written into the project's exports/
// folder (or a folder the user picked in the desktop app's dialog). A request names a file, never a path: the name is
// joined to that folder and checked to stay in it. A default name that is taken gets " (2)"; a name the client chose
// replaces an existing file only with `overwrite`, and the record says so. Every export is recorded beside it in
// <file>.json: what was exported, from which result, with which options.

import { lstat, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../shared/api/index.js';
import { writeNpy, writeTiffFloat32 } from '../../../compute/io/index.js';
import { writeFileAtomic } from '../../../compute/io/atomic.js';
import { defaultDisplay } from '../../../shared/figure/element-display.js';
import {
  encodePng, figurePngBytes, renderFigurePdf, renderFigureSvg, viewFigureModel,
  type ElementDisplay, type FigureContent, type FigureModel,
} from '../../../shared/figure/index.js';

/** A result's maps as the exporters need them. */
export interface ExportSource {
  resultId: string;
  elements: string[];
  maps: Float32Array[];
  width: number;
  height: number;
  units: string;
  /** Metres (or `unit`) per pixel, when known. */
  pixelSize: number | null;
  unit: string | null;
  /** The inputs the result was fused from (HAADF and raw maps, in `elements` order), when it kept them. */
  inputs?: { haadf: Float32Array; maps: Float32Array[] } | null;
}

export interface FigureOptions {
  elements?: string[] | undefined;
  format: 'png' | 'svg' | 'pdf' | 'tiff';
  layout?: 'paper' | 'panels' | 'overlay' | undefined;
  colormap?: string | undefined;
  scaleBar?: boolean | undefined;
  /** The screen's display settings per element; an element without any gets the default palette's, shown. */
  display?: Record<string, ElementDisplay> | undefined;
  /** A pixel size the user set, instead of the result's. */
  pixelSize?: { value: number; unit: string } | undefined;
  /** A file name in the destination folder (no path). */
  name?: string | undefined;
  /** Replace an existing file of that name. */
  overwrite?: boolean | undefined;
  /** Figure width (default 180 mm) and PNG resolution (default 300). */
  widthMm?: number | undefined;
  dpi?: number | undefined;
}

function selected(src: ExportSource, elements: string[] | undefined): number[] {
  const wanted = elements ?? src.elements;
  return wanted.map((el) => {
    const i = src.elements.indexOf(el);
    if (i < 0) throw new ApiError('bad-request', `result ${src.resultId} has no map of ${el} (it has ${src.elements.join(', ')})`);
    return i;
  });
}

const CONTENT: Record<NonNullable<FigureOptions['layout']>, FigureContent> = { paper: 'paper', panels: 'fused', overlay: 'overlay' };

/**
 * The figure of a result (shared/figure/view-figure.ts, the builder the app's current-view export uses), drawn with
 * the request's display settings: 'paper' (HAADF, overlays, raw and fused maps), 'panels' (fused maps and overlay),
 * 'overlay'. A result that kept no inputs has no HAADF or raw panels.
 */
export function figureModel(src: ExportSource, options: FigureOptions): FigureModel {
  const which = selected(src, options.elements);
  const elements = which.map((i) => src.elements[i]!);
  const pick = (maps: readonly Float32Array[]) => ({ elements, maps: which.map((i) => maps[i]!) });
  const calibrated = options.pixelSize ?? (src.pixelSize !== null && src.pixelSize > 0 ? { value: src.pixelSize, unit: src.unit ?? 'm' } : null);
  const display = options.display ?? {};
  try {
    return viewFigureModel({
      width: src.width, height: src.height,
      haadf: src.inputs?.haadf ?? null,
      raw: src.inputs ? pick(src.inputs.maps) : null,
      fused: pick(src.maps),
      display: (el, i) => display[el] ?? defaultDisplay(i),
      colormap: options.colormap ?? 'viridis',
      fusedUnit: /\(([^()]+)\)\s*$/.exec(src.units)?.[1] ?? src.units,
      pixelSize: options.scaleBar === false ? null : calibrated,
    }, CONTENT[options.layout ?? 'paper'], { widthMm: options.widthMm ?? 180, dpi: options.dpi ?? 300, title: `fusem result ${src.resultId}` });
  } catch (e) {
    if (e instanceof RangeError) throw new ApiError('bad-request', e.message);
    throw e;
  }
}

async function record(file: string, what: Record<string, unknown>, replaced: boolean): Promise<void> {
  const entry = { ...what, file: path.basename(file), exported: new Date().toISOString(), ...(replaced ? { replaced: 'an existing file of this name, as the request asked (overwrite)' } : {}) };
  await writeFile(`${file}.json`, JSON.stringify(entry, null, 1) + '\n');
}

const exists = (p: string): Promise<boolean> => lstat(p).then(() => true, () => false);

/** A file `name` in `dir`, confined to it; `chosen` names (the client's) conflict when taken unless `overwrite`. */
async function exportTarget(dir: string, name: string, chosen: boolean, overwrite: boolean): Promise<{ file: string; replaced: boolean }> {
  const folder = path.resolve(dir);
  const file = path.resolve(folder, name);
  if (path.dirname(file) !== folder || path.basename(file) !== name) throw new ApiError('bad-request', `export name ${JSON.stringify(name.slice(0, 80))} must be a file name in ${folder}, not a path`);
  await mkdir(folder, { recursive: true });
  if ((await lstat(folder)).isSymbolicLink()) throw new ApiError('forbidden', `${folder} is a symbolic link: exports are written only into the project's own folder`);
  if (!(await exists(file)) && !(await exists(`${file}.json`))) return { file, replaced: false };
  if (chosen) {
    if (!overwrite) throw new ApiError('conflict', `${file} exists: choose another name, or ask to overwrite it`);
    if ((await lstat(file).catch(() => null))?.isFile() === false) throw new ApiError('conflict', `${file} is not a plain file; it is not replaced`);
    return { file, replaced: true };
  }
  const ext = path.extname(name), stem = name.slice(0, name.length - ext.length);
  for (let n = 2; n < 1000; n++) {
    const next = path.join(folder, `${stem} (${n})${ext}`);
    if (!(await exists(next)) && !(await exists(`${next}.json`))) return { file: next, replaced: false };
  }
  throw new ApiError('conflict', `${folder} already holds 1000 exports named ${stem}: choose a name`);
}

const stamp = (): string => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');

/** Write a figure of `src`; returns the file. */
export async function exportFigure(src: ExportSource, options: FigureOptions, exportsDir: string): Promise<string> {
  if (options.format === 'tiff') throw new ApiError('bad-request', 'figures are PNG, SVG or PDF; for float32 TIFF maps use export.data with format tiff');
  const model = figureModel(src, options);
  if (options.name !== undefined && path.extname(options.name).toLowerCase() !== `.${options.format}`) {
    throw new ApiError('bad-request', `export name ${JSON.stringify(options.name.slice(0, 80))} must end in .${options.format}`);
  }
  const name = options.name ?? `${src.resultId}-${options.layout ?? 'paper'}-${stamp()}.${options.format}`;
  const { file, replaced } = await exportTarget(exportsDir, name, options.name !== undefined, options.overwrite === true);
  let bytes: Uint8Array;
  if (options.format === 'svg') bytes = new TextEncoder().encode(renderFigureSvg(model));
  else if (options.format === 'pdf') bytes = renderFigurePdf(model);
  else if ((options.layout ?? 'paper') === 'overlay') {
    const overlay = model.panels[0]!.image; // the overlay's PNG is the image itself, at the result's pixels, tagged with the DPI
    bytes = encodePng(overlay.rgba, overlay.width, overlay.height, { dpi: model.dpi });
  } else bytes = figurePngBytes(model); // the whole figure, rasterised at its DPI

  await writeFileAtomic(file, bytes);
  const { overwrite: _o, ...shown } = options;
  await record(file, {
    kind: 'figure', resultId: src.resultId, ...shown, layout: options.layout ?? 'paper', elements: options.elements ?? src.elements,
    panels: model.panels.map((p) => p.title ?? ''),
  }, replaced);
  return file;
}

export interface DataOptions {
  elements?: string[] | undefined;
  format: 'tiff' | 'npy' | 'csv';
  /** The files' name stem (no path). */
  name?: string | undefined;
  overwrite?: boolean | undefined;
}

/** A map as CSV: one line per image row. */
function mapCsv(map: Float32Array, width: number, height: number): string {
  const lines: string[] = [];
  for (let y = 0; y < height; y++) lines.push(Array.from(map.subarray(y * width, (y + 1) * width), (v) => String(v)).join(','));
  return lines.join('\n') + '\n';
}

/** Write the maps of `src` as data files; returns them. */
export async function exportData(src: ExportSource, options: DataOptions, exportsDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const i of selected(src, options.elements)) {
    const map = src.maps[i]!, el = src.elements[i]!;
    const name = `${options.name ?? src.resultId}-fused_${el}.${options.format === 'tiff' ? 'tif' : options.format}`;
    const { file, replaced } = await exportTarget(exportsDir, name, options.name !== undefined, options.overwrite === true);
    if (options.format === 'tiff') {
      await writeTiffFloat32(file, map, src.width, src.height, {
        pixelSize: src.pixelSize === null ? null : [src.pixelSize, src.pixelSize], unit: src.unit, description: `fusem result ${src.resultId}: fused ${el} (${src.units})`,
      });
    } else if (options.format === 'npy') {
      await writeNpy(file, map, [src.height, src.width]);
    } else {
      await writeFileAtomic(file, new TextEncoder().encode(mapCsv(map, src.width, src.height)));
    }
    await record(file, { kind: 'data', resultId: src.resultId, element: el, format: options.format, units: src.units }, replaced);
    files.push(file);
  }
  return files;
}
