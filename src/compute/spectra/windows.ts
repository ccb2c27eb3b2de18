// Energy windows (eV) and the channels they cover on an energy axis.

import { InputError } from '../io/errors.js';
import { energyAt, rangeEv, toEv } from './cube.js';
import type { EnergyAxis } from './types.js';

/** [start, end] in eV, inclusive of every channel whose centre lies inside. */
export type Window = [number, number];

/** Channels [c0, c1) whose centres lie in the window; empty when none. */
export function windowChannels(axis: EnergyAxis, w: Window): [number, number] {
  const [lo, hi] = [Math.min(w[0], w[1]), Math.max(w[0], w[1])];
  const s = toEv(axis, axis.scale);
  const o = toEv(axis, axis.offset);
  const c0 = Math.max(0, Math.ceil((lo - o) / s - 1e-9));
  const c1 = Math.min(axis.size, Math.floor((hi - o) / s + 1e-9) + 1);
  return [c0, Math.max(c0, c1)];
}

/** Channel-centre energies in eV of channels [c0, c1). */
export function channelEnergiesEv(axis: EnergyAxis, c0: number, c1: number): Float64Array {
  const out = new Float64Array(c1 - c0);
  for (let c = c0; c < c1; c++) out[c - c0] = toEv(axis, energyAt(axis, c));
  return out;
}

/** Throw an InputError naming `file` unless the window lies on the axis with at least `minChannels` channels. */
export function requireWindow(file: string, axis: EnergyAxis, w: Window, what: string, minChannels = 2): [number, number] {
  const [c0, c1] = windowChannels(axis, w);
  const [lo, hi] = rangeEv(axis);
  const inside = w[0] >= lo - 1e-6 && w[1] <= hi + 1e-6;
  if (!inside || c1 - c0 < minChannels) {
    throw new InputError(file, `${what} ${fmt(w[0])}–${fmt(w[1])} eV is not covered by the energy axis (${fmt(lo)}–${fmt(hi)} eV)`);
  }
  return [c0, c1];
}

export function fmt(ev: number): string {
  return Math.abs(ev) >= 100 ? ev.toFixed(0) : ev.toFixed(1);
}
