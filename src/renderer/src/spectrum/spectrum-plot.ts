// The spectrum plot's pure parts: channel energies, the drawn path (min/max per pixel column, so a 4096-channel
// spectrum stays a few hundred points), the windows to draw for an element and how dragging moves them.

import { energyAt, toEv } from '../../../compute/spectra/cube.js';
import type { EnergyAxis } from '../../../compute/spectra/types.js';
import type { MapSettings, SpectrumMapResult } from '../../../shared/api/schemas/spectrum.js';
import type { Scale } from '../panels/plot-scales.js';

export type Window = [number, number];

/** Channel-centre energies in eV. */
export function energiesEv(axis: EnergyAxis): Float64Array {
  return Float64Array.from({ length: axis.size }, (_, c) => toEv(axis, energyAt(axis, c)));
}

/**
 * SVG path of counts against energy: per pixel column the first, min, max and last value, so peaks survive any
 * decimation. Non-positive counts on a log scale are drawn at the axis' floor.
 */
export function spectrumPath(energies: ArrayLike<number>, counts: ArrayLike<number>, x: Scale, y: Scale): string {
  const floor = y.log ? y.domain[0] : -Infinity;
  const parts: string[] = [];
  let col = NaN, lo = 0, hi = 0, last = 0, px = 0;
  const flush = (): void => {
    if (Number.isNaN(col)) return;
    parts.push(`${px.toFixed(1)},${y(hi).toFixed(1)}`, `${px.toFixed(1)},${y(lo).toFixed(1)}`, `${px.toFixed(1)},${y(last).toFixed(1)}`);
  };
  for (let i = 0; i < counts.length; i++) {
    const v = Math.max(floor, counts[i]!);
    const xi = x(energies[i]!);
    const c = Math.round(xi);
    if (c !== col) {
      flush();
      col = c; px = xi; lo = v; hi = v;
      parts.push(`${xi.toFixed(1)},${y(v).toFixed(1)}`);
    } else {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    last = v;
  }
  flush();
  return parts.length > 0 ? `M${parts.join('L')}` : '';
}

/** One window drawn on the spectrum: what it is for, which of its kind, and whether it can be dragged. */
export interface DrawnWindow { role: 'preEdge' | 'signal' | 'background' | 'region'; index: number; window: Window; editable: boolean }

/**
 * The windows of `element`: the ones the user set (settings) over the ones the last mapping used (provenance).
 * EELS: pre-edge and signal, editable. EDX windows method: signal and side windows, editable. EDX fit: the fitted
 * regions, shown but not editable (the fit places its lines at the tabulated energies).
 */
export function windowsOf(element: string, settings: MapSettings, preview: SpectrumMapResult | null): DrawnWindow[] {
  const used = preview?.provenance.find((p) => p.element === element)?.windows ?? {};
  const one = (v: unknown): Window | null => (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' ? (v as Window) : null);
  const many = (v: unknown): Window[] => (Array.isArray(v) ? (v.every((w) => Array.isArray(w)) ? (v as Window[]) : one(v) ? [v as Window] : []) : []);
  const out: DrawnWindow[] = [];
  // EDX fit: its regions only (windows the user set for the windows method do not apply to it)
  if (used['regions'] !== undefined && settings.edxMethod !== 'windows') return many(used['regions']).map((w, i) => ({ role: 'region', index: i, window: w, editable: false }));
  const pre = settings.preEdge?.[element] ?? one(used['preEdge']);
  if (pre) out.push({ role: 'preEdge', index: 0, window: pre, editable: true });
  const sig = settings.signal?.[element] ?? one(used['signal']);
  if (sig) out.push({ role: 'signal', index: 0, window: sig, editable: true });
  (settings.background?.[element] ?? many(used['background'])).forEach((w, i) => out.push({ role: 'background', index: i, window: w, editable: true }));
  many(used['regions']).forEach((w, i) => out.push({ role: 'region', index: i, window: w, editable: false }));
  return out;
}

/** A window after dragging one edge or the whole by `deltaEv`, kept inside [lo, hi] and at least `minWidth` wide. */
export function draggedWindow(w: Window, part: 'start' | 'end' | 'move', deltaEv: number, [lo, hi]: readonly [number, number], minWidth: number): Window {
  const [a, b] = w;
  if (part === 'move') {
    const d = Math.min(Math.max(deltaEv, lo - a), hi - b);
    return [a + d, b + d];
  }
  if (part === 'start') return [Math.min(Math.max(lo, a + deltaEv), b - minWidth), b];
  return [a, Math.max(Math.min(hi, b + deltaEv), a + minWidth)];
}

/** Round a window's ends to 0.1 eV (what the settings keep). */
export function roundWindow([a, b]: Window): Window {
  return [Math.round(a * 10) / 10, Math.round(b * 10) / 10];
}
