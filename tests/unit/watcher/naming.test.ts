import { describe, expect, it } from 'vitest';
import { classifyFile, isTempName, splitLabel } from '../../../src/main/services/watcher/index.js';

describe('dataset naming', () => {
  it('groups image files by the stem before their HAADF or element label', () => {
    expect(classifyFile('scan012_HAADF.tif', 'acq')).toEqual({ kind: 'group', id: 'scan012', role: 'HAADF' });
    expect(classifyFile('scan012_Co.tif', 'acq')).toEqual({ kind: 'group', id: 'scan012', role: 'Co' });
    expect(classifyFile('scan012_O.npy', 'acq')).toEqual({ kind: 'group', id: 'scan012', role: 'O' });
    expect(classifyFile('scan012 Co K.dm4', 'acq')).toEqual({ kind: 'group', id: 'scan012', role: 'Co' });
    expect(classifyFile('scan012_EDS_Mn_L23_map.tiff', 'acq')).toEqual({ kind: 'group', id: 'scan012', role: 'Mn' });
    expect(classifyFile('scan012-CoKa.tif', 'acq')).toEqual({ kind: 'group', id: 'scan012', role: 'Co' });
    expect(classifyFile('scan012_DF4.tif', 'acq')).toEqual({ kind: 'group', id: 'scan012', role: 'HAADF' });
    expect(classifyFile('day2/scan3_HAADF.tif', 'acq')).toEqual({ kind: 'group', id: 'day2/scan3', role: 'HAADF' });
    expect(classifyFile('HAADF.tif', 'acq')).toEqual({ kind: 'group', id: 'acq', role: 'HAADF' });
    expect(classifyFile('Co.tif', 'acq')).toEqual({ kind: 'group', id: 'acq', role: 'Co' });
  });

  it('takes a whole-dataset file as one dataset named by its stem', () => {
    expect(classifyFile('1426 SI 2.emd', 'acq')).toEqual({ kind: 'file', id: '1426 SI 2', role: 'dataset' });
    expect(classifyFile('sub/run.hspy', 'acq')).toEqual({ kind: 'file', id: 'sub/run', role: 'dataset' });
    expect(classifyFile('run.npz', 'acq')).toEqual({ kind: 'file', id: 'run', role: 'dataset' });
  });

  it('skips temporary, unsupported and unlabelled files', () => {
    for (const name of ['scan_HAADF.tif.tmp', 'scan_Co.npy.part', '~scan_Co.tif', '.scan_Co.tif', 'scan_Co.tif.crdownload',
      'r.partial-12-34/fused_Co.npy', 'notes.txt', 'scan012.tif', 'overview.png']) {
      expect(classifyFile(name, 'acq'), name).toBeNull();
    }
    expect(isTempName('scan.emd')).toBe(false);
    expect(splitLabel('scan012')).toBeNull();
  });

  it('a DigitalMicrograph file named as a spectrum image joins its stem\'s group as the SI; other unlabelled DM files are not inputs', () => {
    expect(classifyFile('scan012_SI.dm4', 'acq')).toEqual({ kind: 'group', id: 'scan012', role: 'SI' });
    expect(classifyFile('sub/scan012 EELS Spectrum Image.dm3', 'acq')).toEqual({ kind: 'group', id: 'sub/scan012', role: 'SI' });
    expect(classifyFile('EELS Spectrum Image.dm4', 'acq')).toEqual({ kind: 'group', id: 'acq', role: 'SI' });
    expect(classifyFile('ADF Image.dm4', 'acq')).toEqual({ kind: 'group', id: 'acq', role: 'HAADF' }); // DM's own pair
    expect(classifyFile('scan012_HAADF.dm4', 'acq')).toEqual({ kind: 'group', id: 'scan012', role: 'HAADF' });
    expect(classifyFile('overview.dm4', 'acq')).toBeNull();
    expect(classifyFile('scan012_EELS.dm3', 'acq')).toBeNull(); // a spectrum, perhaps: only SI / Spectrum Image name one
    expect(classifyFile('scan012_SI.tif', 'acq')).toBeNull(); // TIFF holds no spectrum image
  });
});
