// Command-line options that turn a spectrum image into element maps (issue 11), shared by `fusem maps` and
// `fusem fuse --input SI --elements …` (the loading itself: compute/io/load-spectrum-image.ts).

import type { FrameSelection } from '../compute/io/spectra/read.js';
import type { MapRequest } from '../compute/spectra/make-maps.js';
import type { Window } from '../compute/spectra/windows.js';
import { numberOption, single, UsageError, type ParsedArgs } from './args.js';

export const MAP_VALUED = ['elements', 'edge', 'line', 'bin-energy', 'bin-pixels', 'edx-method', 'resolution', 'frames', 'background-fit', 'exponent', 'pre-edge', 'signal-window'] as const;

export const MAP_USAGE = '--elements Co,Mn,O [--edge Co=L3 …] [--line Mo=L …] [--pre-edge O=480:525 …] [--signal-window O=532:582 …] '
  + '[--bin-energy N] [--bin-pixels N] [--frames F|F1-F2] [--edx-method fit|windows] [--resolution MnKa_FWHM_eV] '
  + '[--background-fit poisson|log-lsq] [--exponent local|sum|pixel]';

function pairs(args: ParsedArgs, name: string): [string, string][] {
  return (args.options.get(name) ?? []).flatMap((v) => v.split(',')).filter((v) => v.trim() !== '').map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw new UsageError(`--${name} needs ELEMENT=VALUE (got "${v}")`);
    return [v.slice(0, eq).trim(), v.slice(eq + 1).trim()];
  });
}

function windows(args: ParsedArgs, name: string): Record<string, Window> {
  const out: Record<string, Window> = {};
  for (const [el, v] of pairs(args, name)) {
    const m = /^(-?[\d.]+)\s*[:–-]\s*(-?[\d.]+)$/.exec(v);
    const a = m ? Number(m[1]) : NaN, b = m ? Number(m[2]) : NaN;
    if (!(Number.isFinite(a) && Number.isFinite(b) && b > a)) throw new UsageError(`--${name} ${el}=${v}: give START:END in eV with END > START`);
    out[el] = [a, b];
  }
  return out;
}

function frames(args: ParsedArgs): FrameSelection | undefined {
  const v = single(args, 'frames');
  if (v === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(v.trim());
  if (!m) throw new UsageError(`--frames must be F or F1-F2, counted from 1 (got "${v}")`);
  const first = Number(m[1]) - 1, last = Number(m[2] ?? m[1]) - 1;
  if (first < 0 || last < first) throw new UsageError(`--frames must be F or F1-F2 with 1 ≤ F1 ≤ F2 (got "${v}")`);
  return { first, last };
}

/** The mapping request the options describe; null when --elements is absent. */
export function mapRequestFromArgs(args: ParsedArgs): { request: MapRequest; frames?: FrameSelection } | null {
  const el = single(args, 'elements');
  if (el === undefined) {
    const stray = MAP_VALUED.find((o) => o !== 'elements' && args.options.has(o));
    if (stray) throw new UsageError(`--${stray} applies to a spectrum image: give --elements too`);
    return null;
  }
  const elements = el.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const lines = Object.fromEntries([...pairs(args, 'edge'), ...pairs(args, 'line')]);
  const edx = single(args, 'edx-method');
  if (edx !== undefined && edx !== 'fit' && edx !== 'windows') throw new UsageError(`--edx-method must be fit or windows (got "${edx}")`);
  const bf = single(args, 'background-fit');
  if (bf !== undefined && bf !== 'poisson' && bf !== 'log-lsq') throw new UsageError(`--background-fit must be poisson or log-lsq (got "${bf}")`);
  const ex = single(args, 'exponent');
  if (ex !== undefined && ex !== 'local' && ex !== 'sum' && ex !== 'pixel') throw new UsageError(`--exponent must be local, sum or pixel (got "${ex}")`);
  const resolution = numberOption(args, 'resolution');
  if (resolution !== undefined && !(resolution > 0 && resolution < 1000)) throw new UsageError(`--resolution is the Mn Kα FWHM in eV, between 0 and 1000 (got ${resolution})`);
  const request: MapRequest = {
    elements, lines, preEdge: windows(args, 'pre-edge'), signal: windows(args, 'signal-window'),
    energyBin: numberOption(args, 'bin-energy'), pixelBin: numberOption(args, 'bin-pixels'),
    edxMethod: edx as MapRequest['edxMethod'], resolutionMnKa: resolution,
    eels: { fit: bf as 'poisson' | 'log-lsq' | undefined, exponent: ex as 'local' | 'sum' | 'pixel' | undefined },
  };
  const f = frames(args);
  return f ? { request, frames: f } : { request };
}

