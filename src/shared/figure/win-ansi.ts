/** Unicode → PDF WinAnsiEncoding bytes (PDF 1.7 spec, Annex D.2): Latin-1 range plus the cp1252 punctuation; unmappable characters become '?'. */

const SPECIAL: Readonly<Record<number, number>> = {
  0x20ac: 0x80, 0x2026: 0x85, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94,
  0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x2122: 0x99,
  0x03bc: 0xb5, // Greek mu → micro sign
  0x212b: 0xc5, // Angstrom sign → Å
  0x2212: 0x2d, // minus sign → hyphen-minus
};

/** One byte per character; tabs and newlines become spaces, other control or unmappable characters '?'. */
export function toWinAnsi(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 9 || cp === 10 || cp === 13) out.push(0x20);
    else if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) out.push(cp);
    else out.push(SPECIAL[cp] ?? 0x3f);
  }
  return Uint8Array.from(out);
}
