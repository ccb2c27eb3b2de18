// export.figure / export.data: a result as a figure for a paper (PNG at a DPI, SVG, PDF: vector scale bar, colour
// bars, legend) or as data (float32 TIFF with ImageJ calibration, .npy, CSV), written into the project's exports/
// folder (or a folder the user picked in the desktop app's dialog). A request names a file, never a path: the name is
// joined to that folder and checked to stay in it. A default name that is taken gets " (2)"; a name the client chose
// replaces an existing file only with `overwrite`, and the record says so. Every export is recorded beside it in
// <file>.json: what was exported, from which result, with which options.

import { lstat, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../shared/api/index.js';
import { writeNpy, writeTiffFloat32 } from '../../../compute/io/index.js';
import { writeFileAtomic } from '../../../compute/io/atomic.js';
import { DEFAULT_PALETTE, hexToRgb, PALETTES } from '../../../shared/figure/palettes.js';
import {
  applyColormap, autoRange, chooseScaleBar, colormapLut, compositeAdditive, COLORMAP_NAMES, encodePng, overlayLegend,
  renderFigurePdf, renderFigureSvg, type ColormapName, type FigureModel, type FigurePanel, type OverlayChannel,
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
}

export interface FigureOptions {
  elements?: string[] | undefined;
  format: 'png' | 'svg' | 'pdf' | 'tiff';
  layout?: 'overlay' | 'panels' | undefined;
  colormap?: string | undefined;
  scaleBar?: boolean | undefined;
  /** A file name in the destination folder (no path). */
  name?: string | undefined;
  /** Replace an existing file of that name. */
  overwrite?: boolean | undefined;
  /** PNG resolution (default 300). */
  dpi?: number;
}

/** The screen's default overlay colours (shared/figure/palettes.ts), so an export matches what the user saw. */
const OVERLAY_COLORS = PALETTES[DEFAULT_PALETTE].map(hexToRgb);

function selected(src: ExportSource, elements: string[] | undefined): number[] {
  const wanted = elements ?? src.elements;
  return wanted.map((el) => {
    const i = src.elements.indexOf(el);
    if (i < 0) throw new ApiError('bad-request', `result ${src.resultId} has no map of ${el} (it has ${src.elements.join(', ')})`);
    return i;
  });
}

function overlayPanel(src: ExportSource, which: number[], scaleBar: FigurePanel['scaleBar']): FigurePanel {
  const channels: OverlayChannel[] = which.map((i, k) => ({
    name: src.elements[i]!, values: src.maps[i]!, color: OVERLAY_COLORS[k % OVERLAY_COLORS.length]!, gamma: 1, visible: true, ...autoRange(src.maps[i]!),
  }));
  return {
    title: `overlay ${which.map((i) => src.elements[i]).join(' ')}`,
    image: { width: src.width, height: src.height, rgba: compositeAdditive(channels, src.width * src.height) },
    ...(scaleBar !== undefined ? { scaleBar } : {}),
    legend: overlayLegend(channels),
  };
}

/** The figure of a result: one overlay panel, or one colour-mapped panel per element plus the overlay. */
export function figureModel(src: ExportSource, options: FigureOptions): FigureModel {
  const which = selected(src, options.elements);
  const colormap = (options.colormap ?? 'viridis') as ColormapName;
  if (!COLORMAP_NAMES.includes(colormap)) throw new ApiError('bad-request', `unknown colour map ${options.colormap} (${COLORMAP_NAMES.join(', ')})`);
  const scaleBar = options.scaleBar === false ? undefined : chooseScaleBar(src.width, src.pixelSize, src.unit ?? 'm');
  const panels: FigurePanel[] = [];
  if ((options.layout ?? 'panels') === 'panels') {
    const lut = colormapLut(colormap);
    for (const i of which) {
      const range = autoRange(src.maps[i]!);
      panels.push({
        title: `${src.elements[i]} fused`,
        image: { width: src.width, height: src.height, rgba: applyColormap(src.maps[i]!, range.lo, range.hi, 1, lut) },
        ...(scaleBar !== undefined ? { scaleBar } : {}),
        colorBar: { lut, ...range, unit: /\(([^()]+)\)\s*$/.exec(src.units)?.[1] ?? src.units, label: src.elements[i]! },
      });
    }
  }
  panels.push(overlayPanel(src, which, scaleBar));
  return { panels, layout: { columns: Math.min(panels.length, 4) }, widthMm: 180, dpi: options.dpi ?? 300, title: `fusem result ${src.resultId}` };
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
  const name = options.name ?? `${src.resultId}-${options.layout ?? 'panels'}-${stamp()}.${options.format}`;
  const { file, replaced } = await exportTarget(exportsDir, name, options.name !== undefined, options.overwrite === true);
  let bytes: Uint8Array;
  if (options.format === 'svg') bytes = new TextEncoder().encode(renderFigureSvg(model));
  else if (options.format === 'pdf') bytes = renderFigurePdf(model);
  else {
    const overlay = model.panels.at(-1)!.image; // a PNG is the overlay image itself, at the result's pixels, tagged with the DPI
    bytes = encodePng(overlay.rgba, overlay.width, overlay.height, { dpi: model.dpi });
  }
  await writeFileAtomic(file, bytes);
  const { overwrite: _o, ...shown } = options;
  await record(file, { kind: 'figure', resultId: src.resultId, ...shown, elements: options.elements ?? src.elements }, replaced);
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
