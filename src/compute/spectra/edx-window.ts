// EDX net counts by windows: the main line's window (width k·FWHM) minus a linear background interpolated from
// windows either side (Williams & Carter, TEM §34.3). Overlapping lines are NOT separated: see edx-fit.ts.

import { addSpectrum } from './cube.js';
import { fwhmAt } from './resolution.js';
import type { SpectrumImage } from './types.js';
import { windowChannels, type Window } from './windows.js';

export interface EdxWindowPlan {
  line: string;
  signal: Window;
  /** Background windows used (one may be absent when it falls off the axis or onto another mapped line). */
  background: Window[];
}

/** Windows for a line at E (eV): signal E ± k·FWHM/2; background windows of the same width, one FWHM beyond it. */
export function edxWindows(energyEv: number, fwhmMnKa: number, k = 1.2, avoid: number[] = []): { signal: Window; background: Window[] } {
  const f = fwhmAt(energyEv, fwhmMnKa);
  const half = (k * f) / 2;
  const signal: Window = [energyEv - half, energyEv + half];
  const left: Window = [energyEv - half - f - 2 * half, energyEv - half - f];
  const right: Window = [energyEv + half + f, energyEv + half + f + 2 * half];
  // Drop a background window that lies within 1 FWHM of another mapped line.
  const clear = (w: Window): boolean => avoid.every((e) => e < w[0] - fwhmAt(e, fwhmMnKa) || e > w[1] + fwhmAt(e, fwhmMnKa));
  const background = [left, right].filter(clear);
  return { signal, background: background.length > 0 ? background : [left, right] };
}

/** Net counts and variance per pixel. Background: linear through the side windows' mean counts per channel. */
export function edxWindowMap(si: SpectrumImage, plan: EdxWindowPlan): { counts: Float32Array; variance: Float32Array; clipped: number } {
  const [s0, s1] = windowChannels(si.energy, plan.signal);
  const bgs = plan.background.map((w) => windowChannels(si.energy, w)).filter(([a, b]) => b > a);
  const n = si.rows * si.cols;
  const counts = new Float32Array(n);
  const variance = new Float32Array(n);
  const ns = s1 - s0;
  const scratch = new Float64Array(Math.max(ns, ...bgs.map(([a, b]) => b - a)));
  const sumOf = (p: number, a: number, b: number): number => {
    scratch.fill(0, 0, b - a);
    addSpectrum(si, p, a, b, scratch);
    let s = 0;
    for (let i = 0; i < b - a; i++) s += scratch[i]!;
    return s;
  };
  // Linear interpolation to the signal centre: with windows left (centre cl) and right (cr), weights
  // wl = (cr − cs)/(cr − cl), wr = 1 − wl applied to mean counts per channel.
  const centre = ([a, b]: [number, number]): number => (a + b - 1) / 2;
  const cs = centre([s0, s1]);
  const weights = bgs.length === 2
    ? (() => { const cl = centre(bgs[0]!), cr = centre(bgs[1]!); const wl = (cr - cs) / (cr - cl); return [wl, 1 - wl]; })()
    : [1];
  let clipped = 0;
  for (let p = 0; p < n; p++) {
    const sig = sumOf(p, s0, s1);
    let bg = 0, bgVar = 0;
    bgs.forEach(([a, b], i) => {
      const y = sumOf(p, a, b);
      const f = (weights[i]! * ns) / (b - a);
      bg += f * y;
      bgVar += f * f * Math.max(y, 1);
    });
    let net = sig - bg;
    if (net < 0) { net = 0; clipped++; }
    counts[p] = net;
    variance[p] = Math.max(sig, 0) + bgVar;
  }
  return { counts, variance, clipped };
}
