// parseElementLabel: element symbols from file and image names, case-careful; classifySignal from titles/detectors.

import { describe, expect, it } from 'vitest';
import { classifySignal, parseElementLabel } from '../../../src/compute/io/index.js';

describe('parseElementLabel', () => {
  it.each([
    ['scan012_Co.tif', 'Co'], ['Co K.tif', 'Co'], ['EDS Co-K', 'Co'], ['Mn L2,3', 'Mn'], ['O K', 'O'],
    ['Co', 'Co'], ['Ca', 'Ca'], ['C', 'C'], ['Cu', 'Cu'], ['Fe_Ka.npy', 'Fe'], ['Mn_La', 'Mn'], ['La_La', 'La'],
    ['K K', 'K'], ['EELS Ti L3', 'Ti'], ['/data/run 3/Ni-K.tiff', 'Ni'], ['C:\\maps\\Si_K.tif', 'Si'],
    ['map_CoKa.tif', 'Co'], ['MnL23', 'Mn'], ['EDS_Co', 'Co'], ['O', 'O'],
  ])('%s -> %s', (name, el) => expect(parseElementLabel(name)).toBe(el));

  it.each([
    'HAADF', 'HAADF.tif', 'DF4', 'BF', 'COUNTS', 'CO', 'co', 'scan012.tif', 'Co3O4_Mn3O4', 'Co_Mn', 'OK', 'EDS', 'SuperXG2', '',
    'ColorMix', 'Experiment Log',
  ])('%s -> null', (name) => expect(parseElementLabel(name)).toBeNull());
});

describe('classifySignal', () => {
  it.each([
    [['HAADF'], 'HAADF'], [['DF4'], 'DF'], [['ADF'], 'DF'], [['BF'], 'BF'], [['ABF'], 'BF'], [['Co', 'SuperXG2'], 'EDX'],
    [['EDS Co-K'], 'EDX'], [['EELS Mn L2,3'], 'EELS'], [['Co'], 'other'], [['test'], 'other'],
  ] as [string[], string][])('%j -> %s', (hints, kind) => expect(classifySignal(...hints)).toBe(kind));
});
