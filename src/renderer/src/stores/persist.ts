// Window state remembered between sessions (localStorage): panel sizes, the open tab, tool, colour map, overlay
// palette, options.

import { DEFAULT_PALETTE, PALETTE_NAMES, type PaletteName } from '../../../shared/figure/palettes.js';

export interface WindowState {
  sidebarWidth: number;
  inspectorWidth: number;
  tab: 'spectrum' | 'fusion' | 'measure' | 'profiles' | 'export' | 'watch' | 'sweep';
  colormap: string;
  /** The overlay palette the user chose last (the elements of a newly shown dataset get its colours). */
  palette: PaletteName;
  logY: boolean;
  split: boolean;
  probeRadius: number;
  profileWidth: number;
  lastProjectDir: string;
  watchDir: string;
  exportDpi: number;
  exportWidthMm: number;
  /** Height of the line-profile plot beneath the images (px), set by dragging the splitter above it. */
  profileHeight: number;
  /** Profiles drawn each curve ÷ its maximum (raw, fused and HAADF are in different units), else in map units. */
  profileNormalise: boolean;
}

export const DEFAULT_WINDOW_STATE: Readonly<WindowState> = Object.freeze({
  sidebarWidth: 230,
  inspectorWidth: 380,
  tab: 'fusion',
  colormap: 'viridis',
  palette: DEFAULT_PALETTE,
  logY: true,
  split: false,
  probeRadius: 2,
  profileWidth: 3,
  lastProjectDir: '',
  watchDir: '',
  exportDpi: 300,
  exportWidthMm: 85,
  profileHeight: 260,
  profileNormalise: true,
});

const KEY = 'fusem.window.v1';
/** The profile plot's height bounds (px). */
export const PROFILE_HEIGHT = { min: 120, max: 900 } as const;
const TABS = ['spectrum', 'fusion', 'measure', 'profiles', 'export', 'watch', 'sweep'];

/** The stored state merged over the defaults, each value checked for its type (anything odd is ignored). */
export function parseWindowState(text: string | null): WindowState {
  const out: WindowState = { ...DEFAULT_WINDOW_STATE };
  if (!text) return out;
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { return out; }
  if (typeof raw !== 'object' || raw === null) return out;
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(DEFAULT_WINDOW_STATE) as (keyof WindowState)[]) {
    const v = r[key];
    const d = DEFAULT_WINDOW_STATE[key];
    if (typeof v !== typeof d) continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    if (key === 'tab' && !TABS.includes(v as string)) continue;
    if (key === 'palette' && !(PALETTE_NAMES as string[]).includes(v as string)) continue;
    (out as unknown as Record<string, unknown>)[key] = v;
  }
  out.sidebarWidth = clamp(out.sidebarWidth, 160, 480);
  out.inspectorWidth = clamp(out.inspectorWidth, 280, 720);
  out.probeRadius = clamp(out.probeRadius, 0, 50);
  out.profileWidth = Math.round(clamp(out.profileWidth, 1, 101));
  out.exportDpi = Math.round(clamp(out.exportDpi, 72, 1200));
  out.exportWidthMm = clamp(out.exportWidthMm, 20, 400);
  out.profileHeight = Math.round(clamp(out.profileHeight, PROFILE_HEIGHT.min, PROFILE_HEIGHT.max));
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

export function loadWindowState(storage: Pick<Storage, 'getItem'> | null = safeStorage()): WindowState {
  return parseWindowState(storage?.getItem(KEY) ?? null);
}

export function saveWindowState(state: WindowState, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try { storage?.setItem(KEY, JSON.stringify(state)); } catch { /* full or disabled: not worth an error */ }
}

function safeStorage(): Storage | null {
  try { return typeof localStorage !== 'undefined' ? localStorage : null; } catch { return null; }
}
