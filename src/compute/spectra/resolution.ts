// EDX detector resolution: FWHM(E)² = FWHM(Mn Kα)² + 2.5·(E − E_MnKα), E and FWHM in eV
// (Fiori & Newbury, Scanning Electron Microsc. 1978 I, 401; the form exspy and DTSA-II use).

export const MN_KA_EV = 5898.7;
/** Used when the file states no resolution: a typical silicon-drift detector (a note says so). */
export const DEFAULT_MN_KA_FWHM = 130;

export function fwhmAt(energyEv: number, fwhmMnKa: number): number {
  return Math.sqrt(Math.max(1, fwhmMnKa * fwhmMnKa + 2.5 * (energyEv - MN_KA_EV)));
}

export const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.LN2));
