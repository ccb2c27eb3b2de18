// EELS ionisation edges: onset energies (eV) of the K, L₃ (L₂,₃ onset), L₂, M₅ (M₄,₅ onset) and M₄ shells.
// Values: electron binding energies as tabulated by Bearden & Burr (Rev. Mod. Phys. 39, 125, 1967) and in the
// X-ray Data Booklet (LBNL, table 1-1), rounded to 1 eV; typed for fusem, cross-checked against exspy's table
// (tests/unit/spectra/tables.test.ts lists the checks). Solid-state onsets shift by a few eV with chemistry: the
// windows fusem derives start a margin above the onset and stay editable.

import { isElementSymbol } from '../model/elements.js';

export type EdgeShell = 'K' | 'L3' | 'L2' | 'M5' | 'M4';

/** [K, L3, L2, M5, M4]; 0 = not tabulated here (no such edge; below ~25 eV where plasmons dominate; K above Mo's 20 keV). */
type Row = readonly [number, number, number, number, number];

const EDGES: Readonly<Record<string, Row>> = {
  Li: [55, 0, 0, 0, 0], Be: [111, 0, 0, 0, 0], B: [188, 0, 0, 0, 0], C: [284, 0, 0, 0, 0],
  N: [401, 0, 0, 0, 0], O: [532, 0, 0, 0, 0], F: [685, 0, 0, 0, 0], Ne: [867, 0, 0, 0, 0],
  Na: [1072, 31, 31, 0, 0], Mg: [1305, 51, 52, 0, 0], Al: [1560, 73, 73, 0, 0], Si: [1839, 99, 100, 0, 0],
  P: [2146, 132, 133, 0, 0], S: [2472, 165, 166, 0, 0], Cl: [2822, 200, 202, 0, 0], Ar: [3203, 245, 247, 0, 0],
  K: [3607, 294, 297, 0, 0], Ca: [4038, 346, 350, 0, 0], Sc: [4493, 402, 407, 0, 0], Ti: [4966, 456, 462, 0, 0],
  V: [5465, 513, 521, 0, 0], Cr: [5989, 575, 584, 0, 0], Mn: [6539, 640, 651, 0, 0], Fe: [7112, 708, 721, 0, 0],
  Co: [7709, 779, 794, 0, 0], Ni: [8333, 855, 872, 0, 0], Cu: [8979, 931, 951, 0, 0], Zn: [9659, 1020, 1043, 0, 0],
  Ga: [10367, 1115, 1142, 0, 0], Ge: [11103, 1217, 1248, 29, 29], As: [11867, 1323, 1359, 41, 42], Se: [12658, 1436, 1476, 55, 56],
  Br: [13474, 1550, 1596, 69, 70], Kr: [14326, 1675, 1727, 89, 89], Rb: [15200, 1804, 1864, 110, 112], Sr: [16105, 1940, 2007, 133, 135],
  Y: [17038, 2080, 2156, 156, 158], Zr: [17998, 2222, 2307, 178, 181], Nb: [18986, 2371, 2465, 202, 205], Mo: [20000, 2520, 2625, 227, 230],
  Tc: [0, 2677, 2793, 253, 257], Ru: [0, 2838, 2967, 279, 284], Rh: [0, 3004, 3146, 307, 312], Pd: [0, 3173, 3330, 335, 340],
  Ag: [0, 3351, 3524, 367, 373], Cd: [0, 3538, 3727, 404, 411], In: [0, 3730, 3938, 443, 451], Sn: [0, 3929, 4156, 485, 494],
  Sb: [0, 4132, 4380, 528, 537], Te: [0, 4341, 4612, 572, 582], I: [0, 4557, 4852, 619, 631], Xe: [0, 4786, 5107, 672, 685],
  Cs: [0, 5012, 5359, 726, 740], Ba: [0, 5247, 5624, 781, 796], La: [0, 5483, 5891, 832, 849], Ce: [0, 5723, 6164, 884, 902],
  Pr: [0, 5964, 6440, 929, 951], Nd: [0, 6208, 6722, 978, 1000], Pm: [0, 6459, 7013, 1027, 1052], Sm: [0, 6716, 7312, 1080, 1106],
  Eu: [0, 6977, 7617, 1131, 1161], Gd: [0, 7243, 7930, 1185, 1217], Tb: [0, 7514, 8252, 1241, 1275], Dy: [0, 7790, 8581, 1295, 1332],
  Ho: [0, 8071, 8918, 1351, 1391], Er: [0, 8358, 9264, 1409, 1453], Tm: [0, 8648, 9617, 1468, 1515], Yb: [0, 8944, 9978, 1528, 1576],
  Lu: [0, 9244, 10349, 1589, 1640], Hf: [0, 9561, 10739, 1662, 1716], Ta: [0, 9881, 11136, 1735, 1793], W: [0, 10207, 11544, 1809, 1872],
  Re: [0, 10535, 11959, 1883, 1949], Os: [0, 10871, 12385, 1960, 2031], Ir: [0, 11215, 12824, 2040, 2116], Pt: [0, 11564, 13273, 2122, 2202],
  Au: [0, 11919, 13734, 2206, 2291], Hg: [0, 12284, 14209, 2295, 2385], Tl: [0, 12658, 14698, 2389, 2485], Pb: [0, 13035, 15200, 2484, 2586],
  Bi: [0, 13419, 15711, 2580, 2688], Po: [0, 13814, 16244, 2683, 2798], At: [0, 14214, 16785, 2787, 2909], Rn: [0, 14619, 17337, 2892, 3022],
  Fr: [0, 15031, 17907, 3000, 3136], Ra: [0, 15444, 18484, 3105, 3248], Ac: [0, 15871, 19083, 3219, 3370], Th: [0, 16300, 19693, 3332, 3491],
  Pa: [0, 16733, 20314, 3442, 3611], U: [0, 17166, 20948, 3552, 3728], Np: [0, 17610, 21600, 3664, 3849], Pu: [0, 18057, 22266, 3775, 3970],
};

const SHELLS: readonly EdgeShell[] = ['K', 'L3', 'L2', 'M5', 'M4'];

/** The onset energy (eV) of an element's edge, or null when this table has none. */
export function edgeOnset(element: string, shell: EdgeShell): number | null {
  const row = EDGES[element];
  if (!row) return null;
  const v = row[SHELLS.indexOf(shell)]!;
  return v > 0 ? v : null;
}

/** Every tabulated edge of an element: [{shell, onset}] in increasing energy. */
export function edgesOf(element: string): { shell: EdgeShell; onset: number }[] {
  const row = EDGES[element];
  if (!row) return [];
  return SHELLS.map((shell, i) => ({ shell, onset: row[i]! })).filter((e) => e.onset > 0).sort((a, b) => a.onset - b.onset);
}

/** Edge names users write: 'K', 'L3', 'L23', 'L2,3', 'M5', 'M45', 'M4,5' → the shell whose onset fusem uses. */
export function parseEdgeName(name: string): EdgeShell | null {
  const n = name.replace(/[\s,.]/g, '').toUpperCase();
  if (n === 'K') return 'K';
  if (n === 'L3' || n === 'L23' || n === 'L') return 'L3';
  if (n === 'L2') return 'L2';
  if (n === 'M5' || n === 'M45' || n === 'M') return 'M5';
  if (n === 'M4') return 'M4';
  return null;
}

/** Elements with at least one edge in the table. */
export function elementsWithEdges(): string[] {
  return Object.keys(EDGES).filter(isElementSymbol);
}

/**
 * The edge fusem uses by default for an element on an axis covering [lo, hi] eV: the major edge with the most
 * room below it for a pre-edge window (K for light elements, L₂,₃ for 3d metals, M₄,₅ for heavy ones), i.e. the
 * lowest-energy tabulated edge among K, L₃, M₅ whose onset lies in [lo + minPre, hi − minPost].
 */
export function defaultEdge(element: string, lo: number, hi: number, minPre = 30, minPost = 30): { shell: EdgeShell; onset: number } | null {
  const candidates = edgesOf(element).filter((e) => (e.shell === 'K' || e.shell === 'L3' || e.shell === 'M5') && e.onset >= lo + minPre && e.onset <= hi - minPost);
  return candidates[0] ?? null;
}
