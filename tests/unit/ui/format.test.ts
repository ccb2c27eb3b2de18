// Issue 13: numbers as a scientist reads them (significant figures, uncertainties, counts).

import { describe, expect, it } from 'vitest';
import { countOf, formatSig, formatWithError } from '../../../src/compute/util/format.js';

describe('formatSig', () => {
  it('rounds to significant figures without trailing zeros', () => {
    expect(formatSig(1.2561492681503297)).toBe('1.26');
    expect(formatSig(0.05)).toBe('0.05');
    expect(formatSig(0.0123456)).toBe('0.0123');
    expect(formatSig(9.996)).toBe('10');
    expect(formatSig(12345)).toBe('12300');
    expect(formatSig(-3.14159, 2)).toBe('-3.1');
    expect(formatSig(5.6e7)).toBe('5.6e7');
    expect(formatSig(2.5e-5)).toBe('2.5e-5');
    expect(formatSig(0)).toBe('0');
    expect(formatSig(Number.NaN)).toBe('NaN');
  });
});

describe('formatWithError', () => {
  it('gives the error 2 significant figures and the value the same decimals', () => {
    expect(formatWithError(41.234, 0.123)).toBe('41.23 ± 0.12');
    expect(formatWithError(41.234, 1.7)).toBe('41.2 ± 1.7');
    expect(formatWithError(41.234, 12)).toBe('41 ± 12');
    expect(formatWithError(3, 0)).toBe('3');
  });
});

describe('countOf', () => {
  it('says 1 file and 2 files', () => {
    expect(countOf(1, 'file')).toBe('1 file');
    expect(countOf(2, 'file')).toBe('2 files');
    expect(countOf(0, 'pixel')).toBe('0 pixels');
  });
});
