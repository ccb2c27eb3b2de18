// Where each element sits on the periodic table (row, column; lanthanides and actinides on rows 9 and 10), for the
// spectrum panel's element picker. Pure data from the atomic number.

import { elementSymbol } from '../../../compute/model/elements.js';

export interface TableCell { symbol: string; z: number; row: number; col: number }

/** Row and column (1-based; 18 columns) of atomic number z ≤ 103. */
export function cellOf(z: number): { row: number; col: number } {
  if (z === 1) return { row: 1, col: 1 };
  if (z === 2) return { row: 1, col: 18 };
  const short = (first: number, row: number) => { const i = z - first; return { row, col: i < 2 ? i + 1 : i + 11 }; };
  if (z <= 10) return short(3, 2);
  if (z <= 18) return short(11, 3);
  if (z <= 36) return { row: 4, col: z - 18 };
  if (z <= 54) return { row: 5, col: z - 36 };
  const heavy = (first: number, row: number, fRow: number) => {
    const i = z - first; // 0: Cs/Fr, 1: Ba/Ra, 2–16: La–Lu / Ac–Lr, then Hf/Rf …
    if (i < 2) return { row, col: i + 1 };
    if (i <= 16) return { row: fRow, col: i + 1 };
    return { row, col: i - 13 };
  };
  if (z <= 86) return heavy(55, 6, 9);
  return heavy(87, 7, 10);
}

/** Every element up to `maxZ` (default Pu, the last in fusem's edge and line tables) with its cell. */
export function tableCells(maxZ = 94): TableCell[] {
  return Array.from({ length: maxZ }, (_, i) => ({ symbol: elementSymbol(i + 1), z: i + 1, ...cellOf(i + 1) }));
}
