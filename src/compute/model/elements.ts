// The periodic table: element symbols and atomic numbers Z (IUPAC, 1–118).

const SYMBOLS = [
  'H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne', 'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar',
  'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr',
  'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe',
  'Cs', 'Ba', 'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
  'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn',
  'Fr', 'Ra', 'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr',
  'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
] as const;

export type ElementSymbol = (typeof SYMBOLS)[number];

const Z_BY_SYMBOL = new Map<string, number>(SYMBOLS.map((s, i) => [s, i + 1]));

/** True when `symbol` is an element symbol, exactly as written (case-sensitive: "Co" not "CO"). */
export function isElementSymbol(symbol: string): symbol is ElementSymbol {
  return Z_BY_SYMBOL.has(symbol);
}

/** Atomic number Z of an element symbol; throws for an unknown symbol. */
export function atomicNumber(symbol: string): number {
  const z = Z_BY_SYMBOL.get(symbol);
  if (z === undefined) throw new Error(`unknown element symbol "${symbol}"`);
  return z;
}

/** Element symbol of atomic number Z (1–118). */
export function elementSymbol(z: number): ElementSymbol {
  const s = SYMBOLS[z - 1];
  if (s === undefined) throw new Error(`no element with Z = ${z}`);
  return s;
}
