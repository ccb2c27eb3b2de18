// Characteristic X-ray lines (keV): Kα₁, Kβ₁, Lα₁, Lβ₁, Mα, Mβ, after Bearden (Rev. Mod. Phys. 39, 78, 1967) as
// listed in the X-ray Data Booklet (LBNL, table 1-2); typed for fusem and cross-checked against exspy's
// Chantler-based table (the differences found are listed in tests/unit/spectra/tables.test.ts).
// Relative weights within a family (Kβ/Kα, Lβ₁/Lα, Mβ/Mα) are approximate, typical of thin-film spectra.

export type LineFamily = 'K' | 'L' | 'M';

/** [Kα, Kβ, Lα, Lβ₁, Mα, Mβ] in keV; 0 = not tabulated here. */
type Row = readonly [number, number, number, number, number, number];

const LINES: Readonly<Record<string, Row>> = {
  Li: [0.0543, 0, 0, 0, 0, 0], Be: [0.1085, 0, 0, 0, 0, 0], B: [0.1833, 0, 0, 0, 0, 0], C: [0.277, 0, 0, 0, 0, 0],
  N: [0.3924, 0, 0, 0, 0, 0], O: [0.5249, 0, 0, 0, 0, 0], F: [0.6768, 0, 0, 0, 0, 0], Ne: [0.8486, 0, 0, 0, 0, 0],
  Na: [1.041, 1.0711, 0, 0, 0, 0], Mg: [1.2536, 1.3022, 0, 0, 0, 0], Al: [1.4867, 1.5575, 0, 0, 0, 0], Si: [1.7398, 1.8359, 0, 0, 0, 0],
  P: [2.0137, 2.1391, 0, 0, 0, 0], S: [2.3078, 2.4640, 0, 0, 0, 0], Cl: [2.6224, 2.8156, 0, 0, 0, 0], Ar: [2.9577, 3.1905, 0, 0, 0, 0],
  K: [3.3138, 3.5896, 0, 0, 0, 0], Ca: [3.6917, 4.0127, 0.3413, 0.3449, 0, 0], Sc: [4.0906, 4.4605, 0.3954, 0.3996, 0, 0], Ti: [4.5108, 4.9318, 0.4522, 0.4584, 0, 0],
  V: [4.9522, 5.4273, 0.5113, 0.5192, 0, 0], Cr: [5.4147, 5.9467, 0.5728, 0.5828, 0, 0], Mn: [5.8988, 6.4905, 0.6374, 0.6488, 0, 0], Fe: [6.4038, 7.0580, 0.7050, 0.7185, 0, 0],
  Co: [6.9303, 7.6494, 0.7762, 0.7914, 0, 0], Ni: [7.4782, 8.2647, 0.8515, 0.8688, 0, 0], Cu: [8.0478, 8.9053, 0.9297, 0.9498, 0, 0], Zn: [8.6389, 9.5720, 1.0117, 1.0347, 0, 0],
  Ga: [9.2517, 10.2642, 1.0979, 1.1248, 0, 0], Ge: [9.8864, 10.9821, 1.1880, 1.2185, 0, 0], As: [10.5437, 11.7262, 1.2820, 1.3170, 0, 0], Se: [11.2224, 12.4959, 1.3791, 1.4195, 0, 0],
  Br: [11.9242, 13.2914, 1.4804, 1.5259, 0, 0], Kr: [12.649, 14.112, 1.5860, 1.6366, 0, 0], Rb: [13.3953, 14.9613, 1.6941, 1.7521, 0, 0], Sr: [14.1650, 15.8355, 1.8065, 1.8718, 0, 0],
  Y: [14.9584, 16.7381, 1.9226, 1.9958, 0, 0], Zr: [15.7751, 17.6678, 2.0424, 2.1244, 0, 0], Nb: [16.6151, 18.6225, 2.1659, 2.2574, 0, 0], Mo: [17.4793, 19.6083, 2.2932, 2.3948, 0, 0],
  Tc: [18.3671, 20.619, 2.4240, 2.5368, 0, 0], Ru: [19.2792, 21.6568, 2.5586, 2.6835, 0, 0], Rh: [20.2161, 22.7236, 2.6966, 2.8344, 0, 0], Pd: [21.1771, 23.8187, 2.8386, 2.9902, 0, 0],
  Ag: [22.1629, 24.9424, 2.9843, 3.1509, 0, 0], Cd: [23.1736, 26.0955, 3.1337, 3.3165, 0, 0], In: [24.2097, 27.2759, 3.2869, 3.4872, 0, 0], Sn: [25.2713, 28.4860, 3.4440, 3.6628, 0, 0],
  Sb: [26.3591, 29.7256, 3.6047, 3.8435, 0, 0], Te: [27.4723, 30.9957, 3.7693, 4.0295, 0, 0], I: [28.6120, 32.2947, 3.9377, 4.2208, 0, 0], Xe: [29.779, 33.624, 4.1099, 4.4183, 0, 0],
  Cs: [30.9728, 34.9869, 4.2865, 4.6198, 0, 0], Ba: [32.1936, 36.3784, 4.4663, 4.8275, 0, 0], La: [33.4418, 37.8010, 4.6510, 5.0421, 0.8331, 0], Ce: [34.7197, 39.2573, 4.8402, 5.2622, 0.8833, 0],
  Pr: [36.0263, 40.7482, 5.0337, 5.4889, 0.9292, 0], Nd: [37.3610, 42.2713, 5.2304, 5.7216, 0.9780, 0], Pm: [38.7247, 43.826, 5.4325, 5.9613, 0, 0], Sm: [40.1181, 45.413, 5.6361, 6.2051, 1.0808, 0],
  Eu: [41.5422, 47.0379, 5.8457, 6.4564, 1.1311, 0], Gd: [42.9962, 48.697, 6.0572, 6.7132, 1.1853, 0], Tb: [44.4816, 50.382, 6.2728, 6.978, 1.2400, 0], Dy: [45.9984, 52.119, 6.4952, 7.2477, 1.2932, 0],
  Ho: [47.5467, 53.877, 6.7198, 7.5253, 1.3480, 0], Er: [49.1277, 55.681, 6.9487, 7.8109, 1.4060, 0], Tm: [50.7416, 57.517, 7.1799, 8.1021, 1.4620, 0], Yb: [52.3889, 59.370, 7.4156, 8.4018, 1.5214, 0],
  Lu: [54.0698, 61.283, 7.6555, 8.7090, 1.5813, 0], Hf: [55.7902, 63.234, 7.8990, 9.0227, 1.6446, 0], Ta: [57.532, 65.223, 8.1461, 9.3431, 1.7096, 0], W: [59.3182, 67.2443, 8.3976, 9.6724, 1.7756, 1.8351],
  Re: [61.1403, 69.310, 8.6525, 10.010, 1.8423, 1.9083], Os: [63.0005, 71.413, 8.9117, 10.3553, 1.9138, 1.9779], Ir: [64.8956, 73.5608, 9.1751, 10.7083, 1.9799, 2.0530], Pt: [66.832, 75.748, 9.4423, 11.0707, 2.0505, 2.1273],
  Au: [68.8037, 77.984, 9.7133, 11.4423, 2.1229, 2.2047], Hg: [70.819, 80.253, 9.9888, 11.8226, 2.1953, 2.2817], Tl: [72.8715, 82.576, 10.2685, 12.2133, 2.2708, 2.3623], Pb: [74.9694, 84.936, 10.5515, 12.6137, 2.3458, 2.4427],
  Bi: [77.1079, 87.343, 10.8388, 13.0235, 2.4226, 2.5255], Th: [93.350, 105.609, 12.9687, 16.2024, 2.9968, 3.1464], U: [98.439, 111.300, 13.6147, 17.2200, 3.1708, 3.3360],
};

/** Approximate intensity of the second line of a family relative to the first. */
function secondWeight(family: LineFamily, z: number): number {
  if (family === 'K') return z < 20 ? 0.08 : z < 31 ? 0.13 : 0.17;
  if (family === 'L') return 0.5;
  return 0.6;
}

/** One characteristic line: name, energy (keV), relative weight within its family. */
export interface XrayLine { name: string; energy: number; weight: number }

const NAMES: Record<LineFamily, [string, string]> = { K: ['Ka', 'Kb'], L: ['La', 'Lb1'], M: ['Ma', 'Mb'] };
const COLUMN: Record<LineFamily, number> = { K: 0, L: 2, M: 4 };

/** The lines of one family of an element ([] when not tabulated), first line weight 1. */
export function familyLines(element: string, family: LineFamily, z: number): XrayLine[] {
  const row = LINES[element];
  if (!row) return [];
  const [a, b] = [row[COLUMN[family]]!, row[COLUMN[family] + 1]!];
  if (!(a > 0)) return [];
  const out: XrayLine[] = [{ name: `${element} ${NAMES[family][0]}`, energy: a, weight: 1 }];
  if (b > 0) out.push({ name: `${element} ${NAMES[family][1]}`, energy: b, weight: secondWeight(family, z) });
  return out;
}

/** Every family an element has in this table. */
export function familiesOf(element: string): LineFamily[] {
  const row = LINES[element];
  if (!row) return [];
  return (['K', 'L', 'M'] as const).filter((f) => row[COLUMN[f]]! > 0);
}

/** Family names users write: 'K', 'Ka', 'Kα', 'L', 'La', 'M', 'Ma'. */
export function parseFamily(name: string): LineFamily | null {
  const c = name.trim().charAt(0).toUpperCase();
  return c === 'K' || c === 'L' || c === 'M' ? c : null;
}

/** Elements with at least one line in the table. */
export function elementsWithLines(): string[] {
  return Object.keys(LINES);
}
