// The spectrum panel's view model (issue 11; kept apart from its Svelte view, napari style): the spectrum image's
// info and sum spectrum, the map settings being tried (elements picked on the periodic table, windows dragged on
// the spectrum), the spectrum under the cursor or in a region, and the live maps — made by the backend's
// compute/spectra (spectrum.map), asked for a moment after the last change so a drag does not flood it.

import type { ApiClient } from '../api/index.js';
import type { MapSettings, SpectrumInfo, SpectrumMapResult } from '../../../shared/api/schemas/spectrum.js';
import { roundWindow, windowsOf, type DrawnWindow, type Window } from './spectrum-plot.js';

export type WindowRole = 'preEdge' | 'signal' | 'background';

/** One sentence for a failure. */
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const same = (a: MapSettings, b: MapSettings): boolean => JSON.stringify(a) === JSON.stringify(b);

export class SpectrumModel {
  info = $state.raw<SpectrumInfo | null>(null);
  /** The settings being tried (what the live maps show); the project's are `info.settings`. */
  settings = $state.raw<MapSettings>({ elements: [] });
  /** The element whose windows are drawn and whose map is shown. */
  selected = $state<string | null>(null);
  logScale = $state(true);
  /** The spectrum of the pixel under the cursor, or of a region; with what it is. */
  local = $state.raw<{ label: string; counts: Float32Array } | null>(null);
  /** The latest live maps, and the settings they were made with. */
  preview = $state.raw<SpectrumMapResult | null>(null);
  previewSettings = $state.raw<MapSettings | null>(null);
  mapping = $state(false);
  /** Why the last mapping (or apply) was refused: the backend's sentence naming the file and the problem. */
  problem = $state<string | null>(null);
  /** Live maps made so far (each a spectrum.map answer that arrived). */
  mapsMade = $state(0);
  /** Show the energies around the selected element's windows (else the whole axis). */
  zoomed = $state(true);
  /** The energy range shown when zoomed, framed once per element (so it holds still while a window is dragged). */
  frame = $state.raw<{ element: string; domain: [number, number] } | null>(null);

  private datasetId: string | null = null;
  private mapTimer: ReturnType<typeof setTimeout> | undefined;
  private hoverTimer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;

  constructor(private readonly api: ApiClient | null, readonly debounceMs = 250) {}

  /** The settings are the project's (fusion uses what is shown). */
  get applied(): boolean {
    return !!this.info && same(this.settings, this.info.settings);
  }

  /** Elements that have an edge/line on the axis, with their marker names. */
  get available(): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const k of this.info?.markers ?? []) m.set(k.element, [...(m.get(k.element) ?? []), k.name]);
    return m;
  }

  /** The windows to draw for the selected element. */
  get windows(): DrawnWindow[] {
    return this.selected ? windowsOf(this.selected, this.settings, this.preview) : [];
  }

  /** The energies the plots show (eV): the selected element's frame when zoomed, else null (the whole axis). */
  get domain(): [number, number] | null {
    return this.zoomed && this.frame && this.frame.element === this.selected ? this.frame.domain : null;
  }

  /** Frame the selected element's windows with room either side (call after its windows are known). */
  reframe(): void {
    const el = this.selected, info = this.info;
    const ws = this.windows;
    if (!el || !info || ws.length === 0) { this.frame = null; return; }
    const lo = Math.min(...ws.map((w) => w.window[0])), hi = Math.max(...ws.map((w) => w.window[1]));
    const pad = Math.max(0.4 * (hi - lo), 20);
    const [a, b] = [info.energy.offset, info.energy.offset + info.energy.scale * (info.energy.size - 1)].map((v) => (info.energy.unit === 'keV' ? v * 1000 : v)) as [number, number];
    this.frame = { element: el, domain: [Math.max(a, lo - pad), Math.min(b, hi + pad)] };
  }

  /** The live map of the selected element. */
  get selectedMap(): SpectrumMapResult['maps'][number] | null {
    return this.preview?.maps.find((m) => m.element === this.selected) ?? null;
  }

  async load(datasetId: string): Promise<void> {
    if (!this.api) return;
    this.datasetId = datasetId;
    this.info = null;
    this.preview = null;
    this.local = null;
    this.problem = null;
    try {
      const info = await this.api.request('spectrum.get', { datasetId });
      if (this.datasetId !== datasetId) return;
      this.info = info;
      this.settings = info.settings;
      this.selected = info.settings.elements[0] ?? null;
      if (info.settings.elements.length > 0) this.scheduleMap(0);
    } catch (e) {
      if (this.datasetId === datasetId) this.problem = messageOf(e);
    }
  }

  /** Pick an element on the periodic table, or take it off (its windows go with it). */
  toggle(element: string): void {
    const s = this.settings;
    if (s.elements.includes(element)) {
      const drop = <T>(r: Record<string, T> | undefined) => (r ? Object.fromEntries(Object.entries(r).filter(([el]) => el !== element)) : undefined);
      const next: MapSettings = { ...s, elements: s.elements.filter((e) => e !== element) };
      for (const key of ['lines', 'preEdge', 'signal', 'background'] as const) {
        const v = drop(s[key] as Record<string, never> | undefined);
        if (v && Object.keys(v).length > 0) (next as Record<string, unknown>)[key] = v; else delete (next as Record<string, unknown>)[key];
      }
      this.settings = next;
      if (this.selected === element) this.selected = next.elements[0] ?? null;
    } else {
      this.settings = { ...s, elements: [...s.elements, element] };
      this.selected = element;
    }
    this.scheduleMap();
  }

  select(element: string): void {
    if (!this.settings.elements.includes(element)) return;
    this.selected = element;
    this.reframe();
  }

  /** Set one window of an element (eV), e.g. while dragging it; the maps follow a moment later. */
  setWindow(element: string, role: WindowRole, index: number, w: Window): void {
    const s = this.settings;
    const r = roundWindow(w);
    if (role === 'background') {
      const current = s.background?.[element] ?? this.windows.filter((d) => d.role === 'background').map((d) => d.window);
      const list = current.map((x, i) => (i === index ? r : x));
      this.settings = { ...s, background: { ...s.background, [element]: list } };
    } else {
      this.settings = { ...s, [role]: { ...s[role], [element]: r } };
    }
    this.scheduleMap();
  }

  /** Back to the default windows of an element. */
  resetWindows(element: string): void {
    const s = { ...this.settings };
    for (const key of ['preEdge', 'signal', 'background'] as const) {
      if (!s[key]?.[element]) continue;
      const rest = Object.fromEntries(Object.entries(s[key]!).filter(([el]) => el !== element));
      if (Object.keys(rest).length > 0) (s as Record<string, unknown>)[key] = rest; else delete s[key];
    }
    this.settings = s;
    this.frame = null; // framed again when the default windows come back
    this.scheduleMap();
  }

  /**
   * Map an element with another edge (EELS: 'K', 'L2,3', 'M4,5') or line family (EDX: 'Kα', 'Lα', 'Mα'), as the markers
   * name them; its windows go back to that edge's defaults. null: fusem's default choice.
   */
  setLine(element: string, marker: string | null): void {
    const s = this.settings;
    const lines = { ...s.lines };
    if (marker === null) delete lines[element];
    else lines[element] = marker.replace(/[,α]/g, '');
    this.settings = { ...s, lines };
    if (Object.keys(lines).length === 0) { const { lines: _, ...rest } = this.settings; this.settings = rest; }
    this.resetWindows(element);
  }

  /** The edge or line family an element is mapped with: the one chosen, else the one the last mapping used. */
  lineOf(element: string): string | null {
    return this.settings.lines?.[element] ?? this.preview?.provenance.find((p) => p.element === element)?.line ?? null;
  }

  /** Energy binning (channels summed) and pixel binning (n×n pixels summed); 1 = none. */
  setBinning(energyBin: number, pixelBin: number): void {
    const { energyBin: _e, pixelBin: _p, ...rest } = this.settings;
    this.settings = { ...rest, ...(energyBin > 1 ? { energyBin } : {}), ...(pixelBin > 1 ? { pixelBin } : {}) };
    this.frame = null;
    this.scheduleMap();
  }

  /** Frames of a Velox spectrum stream to sum, 1-based inclusive as shown; null: all frames. */
  setFrames(frames: { first: number; last: number } | null): void {
    const { frames: _f, ...rest } = this.settings;
    const all = this.framesInFile;
    const whole = frames === null || (frames.first <= 1 && all !== null && frames.last >= all);
    this.settings = whole ? rest : { ...rest, frames: { first: frames.first - 1, last: frames.last - 1 } };
    this.scheduleMap();
  }

  /** Frames in the file (a Velox spectrum stream), else null. */
  get framesInFile(): number | null {
    const n = this.info?.acquisition['framesInFile'];
    return typeof n === 'number' && n > 0 ? n : null;
  }

  setEdxMethod(method: 'fit' | 'windows'): void {
    this.settings = { ...this.settings, edxMethod: method };
    this.frame = null;
    this.scheduleMap();
  }

  /** Ask for the live maps `delay` ms after the last change (replies to older requests are dropped). */
  scheduleMap(delay = this.debounceMs): void {
    clearTimeout(this.mapTimer);
    this.mapTimer = setTimeout(() => void this.mapNow(), delay);
  }

  private async mapNow(): Promise<void> {
    const api = this.api, id = this.datasetId;
    if (!api || !id) return;
    const settings = this.settings;
    if (settings.elements.length === 0) {
      this.preview = null;
      this.previewSettings = settings;
      this.problem = null;
      return;
    }
    const mine = ++this.seq;
    this.mapping = true;
    try {
      const r = await api.request('spectrum.map', { datasetId: id, settings });
      if (mine !== this.seq) return;
      this.preview = r;
      this.previewSettings = settings;
      this.problem = null;
      this.mapsMade++;
      if (this.frame?.element !== this.selected) this.reframe();
    } catch (e) {
      if (mine === this.seq) this.problem = messageOf(e);
    } finally {
      if (mine === this.seq) this.mapping = false;
    }
  }

  /** The spectrum of pixel (x, y) under the cursor (a short wait so a moving pointer sends few requests). */
  hover(x: number, y: number): void {
    const info = this.info;
    if (!info) return;
    const col = Math.floor(x), row = Math.floor(y);
    if (col < 0 || row < 0 || col >= info.cols || row >= info.rows) return;
    clearTimeout(this.hoverTimer);
    this.hoverTimer = setTimeout(() => void this.fetchLocal({ kind: 'point', x: col, y: row }, `pixel (${col}, ${row})`), 40);
  }

  /** The spectrum summed over a rectangle of pixels [x0, x1) × [y0, y1). */
  region(x0: number, y0: number, x1: number, y1: number, label: string): void {
    clearTimeout(this.hoverTimer);
    void this.fetchLocal({ kind: 'rect', x0: Math.max(0, Math.floor(x0)), y0: Math.max(0, Math.floor(y0)), x1: Math.max(1, Math.ceil(x1)), y1: Math.max(1, Math.ceil(y1)) }, label);
  }

  private async fetchLocal(region: { kind: 'point'; x: number; y: number } | { kind: 'rect'; x0: number; y0: number; x1: number; y1: number }, label: string): Promise<void> {
    const api = this.api, id = this.datasetId;
    if (!api || !id) return;
    try {
      const r = await api.request('spectrum.region', { datasetId: id, region });
      if (this.datasetId === id) this.local = { label: r.pixels > 1 ? `${label}, ${r.pixels} pixels summed` : label, counts: r.counts };
    } catch (e) {
      this.problem = messageOf(e);
    }
  }

  /** Keep the settings in the project (“Make maps”): the dataset's maps and the next fusion use them. */
  async apply(): Promise<boolean> {
    const api = this.api, id = this.datasetId;
    if (!api || !id || !this.info) return false;
    try {
      const kept = await api.request('spectrum.apply', { datasetId: id, settings: this.settings });
      this.info = { ...this.info, settings: kept };
      this.settings = kept;
      this.problem = null;
      return true;
    } catch (e) {
      this.problem = messageOf(e);
      return false;
    }
  }

  dispose(): void {
    clearTimeout(this.mapTimer);
    clearTimeout(this.hoverTimer);
    this.datasetId = null;
  }
}
