// Spectrum images and spectra read with their energy axis and acquisition (issue 11). Expected values: HyperSpy's
// (data README) where it reports them; otherwise what the file itself holds (named in each test).

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeHdf5Worker } from '../../../src/compute/io/index.js';
import { InputError } from '../../../src/compute/io/errors.js';
import { h5Request } from '../../../src/compute/io/hdf5/client.js';
import { readSpectra, readSpectrumImage } from '../../../src/compute/io/spectra/read.js';
import { decodeStream } from '../../../src/compute/io/velox/spectrum-stream.js';
import { scanHdf5 } from '../../../src/compute/io/hdf5/tree.js';
import { blockSpectrum, sumSpectrum } from '../../../src/compute/spectra/cube.js';
import { hasSample, IO, tempDir } from '../io/paths.js';
import { writeVeloxSi } from './velox-fixture.js';

afterAll(() => closeHdf5Worker());
const total = (a: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]!; return s; };

describe('Velox EMD SpectrumStream', () => {
  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('velox_v11_SI_16x16.emd: 16×16×4096, 10 eV from −0.25 keV (HyperSpy: 4096 channels in keV), 4 detectors summed', async () => {
    const file = join(IO, 'velox_v11_SI_16x16.emd');
    const { si, images } = await readSpectrumImage(file);
    expect([si.kind, si.rows, si.cols, si.energy.size]).toEqual(['EDX', 16, 16, 4096]);
    expect(si.energy).toEqual({ size: 4096, scale: 0.01, offset: -0.25, unit: 'keV' }); // Detectors: Dispersion 10 eV, OffsetEnergy −250 eV
    expect(si.acquisition.beamEnergyKeV).toBe(300);
    expect(si.acquisition.dwellTime).toBe(0.001);
    expect(si.acquisition.frames).toBe(2);
    expect(si.acquisition.detector!.split('+').sort()).toEqual(['SuperXG21', 'SuperXG22', 'SuperXG23', 'SuperXG24']);
    expect(si.pixelSize).toEqual([3.5992492559614689e-9, 3.5992492559614689e-9]);
    // The file's own Data/Spectrum (one sum spectrum per detector) totals 42097 counts: every event decoded once.
    const tree = await scanHdf5(file);
    const perChannel = new Float64Array(4096);
    for (const n of tree.nodes) if (/\/Data\/Spectrum\/[^/]+\/Data$/.test(n.path)) (n.value as Uint32Array).forEach((v, i) => { perChannel[i] += v; });
    const sum = sumSpectrum(si);
    expect(total(sum)).toBe(42097);
    expect(Array.from(sum)).toEqual(Array.from(perChannel));
    expect(images.find((r) => r.signal === 'HAADF')!.sum).toBe(4723669);
  });

  it.skipIf(!hasSample('io/velox_v11_SI_16x16.emd'))('frames selectable: frame 1 + frame 2 = both summed; the HAADF frames follow the selection', async () => {
    const file = join(IO, 'velox_v11_SI_16x16.emd');
    const a = await readSpectrumImage(file, { frames: { first: 0, last: 0 } });
    const b = await readSpectrumImage(file, { frames: { first: 1, last: 1 } });
    expect(total(sumSpectrum(a.si)) + total(sumSpectrum(b.si))).toBe(42097);
    expect(total(sumSpectrum(a.si))).toBeGreaterThan(0);
    const h1 = a.images.find((r) => r.signal === 'HAADF')!, h2 = b.images.find((r) => r.signal === 'HAADF')!;
    expect(total(h1.data) + total(h2.data)).toBe(4723669);
    await expect(readSpectrumImage(file, { frames: { first: 0, last: 2 } })).rejects.toThrow(/frames 1–3 requested but the spectrum stream holds 2 frames/);
  });

  it.skipIf(!hasSample('io/velox_v11_SI_16x16_reduced.emd'))('pruned file (velox_v11_SI_16x16_reduced.emd): says the stream was pruned, names the file', async () => {
    const file = join(IO, 'velox_v11_SI_16x16_reduced.emd');
    const err = await readSpectrumImage(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/reduced\.emd: Velox pruned the raw spectrum stream/);
  });

  it.skipIf(!hasSample('io/velox_v11_empty_selection.emd'))('velox_v11_empty_selection.emd: the SI is 16×20 (HyperSpy: SI 16×20×4096) at 5 eV/channel', async () => {
    const { si } = await readSpectrumImage(join(IO, 'velox_v11_empty_selection.emd'));
    expect([si.rows, si.cols, si.energy.size, si.energy.scale]).toEqual([16, 20, 4096, 0.005]);
    expect(si.acquisition.beamEnergyKeV).toBe(80);
  });

  it('decodes known events pixel by pixel; a truncated stream is an InputError naming the file', async () => {
    const t = tempDir('fusem-si-');
    try {
      const frames = [[[1, 1, 5], [], [7], [0, 2]], [[3], [3], [], [9]]];
      const file = join(t.dir, 'si.emd');
      await writeVeloxSi(file, { rows: 2, cols: 2, channels: 16, frames });
      const { si } = await readSpectrumImage(file);
      expect(si.energy).toEqual({ size: 16, scale: 0.01, offset: -0.1, unit: 'keV' });
      expect(Array.from(blockSpectrum(si, 0, 1, 0, 1)).slice(0, 6)).toEqual([0, 2, 0, 1, 0, 1]);
      expect(total(blockSpectrum(si, 0, 1, 1, 2))).toBe(1);
      expect(blockSpectrum(si, 1, 2, 1, 2)[9]).toBe(1);
      expect(total(sumSpectrum(si))).toBe(9);
      const f2 = await readSpectrumImage(file, { frames: { first: 1, last: 1 } });
      expect(total(sumSpectrum(f2.si))).toBe(3);
      const cut = join(t.dir, 'cut.emd');
      await writeVeloxSi(cut, { rows: 2, cols: 2, channels: 16, frames, truncateTo: 9 });
      await expect(readSpectrumImage(cut)).rejects.toThrow(/cut\.emd: spectrum stream bbbb: frame 1 spans values 0–10 but the stream holds 9 values \(truncated\?\)/);
    } finally { t.cleanup(); }
  });

  it('decodeStream: a channel beyond bincount and a frame ending early are errors', () => {
    const cube = new Uint16Array(4 * 8);
    expect(() => decodeStream([1, 65535, 9], [0], 4, 8, 0, 0, cube)).toThrow(/channel 9 .* outside the 8 channels/);
    expect(() => decodeStream([1, 65535, 2], [0], 4, 8, 0, 0, new Uint16Array(32))).toThrow(/ends after 2 of 4 pixels/);
  });
});

describe('DigitalMicrograph', () => {
  it.skipIf(!hasSample('io/dm4_EELS_SI.dm4'))('dm4_EELS_SI.dm4: 2×2×2048 EELS SI, 300–2347 eV at 1 eV; HyperSpy: dwell 1.9950125e-2 s, 21 / 62 mrad, 1 frame', async () => {
    const { si } = await readSpectrumImage(join(IO, 'dm4_EELS_SI.dm4'));
    expect([si.kind, si.rows, si.cols]).toEqual(['EELS', 2, 2]);
    expect(si.energy).toEqual({ size: 2048, scale: 1, offset: 300, unit: 'eV' }); // DM origin −300 ch, scale 1 eV
    expect(si.acquisition.dwellTime).toBeCloseTo(1.9950125e-2, 9);
    expect(si.acquisition.convergenceAngle).toBe(21);
    expect(si.acquisition.collectionAngle).toBe(62);
    expect(si.acquisition.frames).toBe(1);
    expect(si.acquisition.beamEnergyKeV).toBe(200); // Microscope Info:Voltage
    expect(si.acquisition.detector).toBe('GIF Quantum ER');
    // Channel-major in place: the four pixels' spectra sum to the whole array.
    expect(total(sumSpectrum(si))).toBeCloseTo(7169069.07, 1);
    expect(si.pixelStride).toBe(1);
    expect(si.channelStride).toBe(4);
  });

  it.skipIf(!hasSample('io/dm3_EDS_spectrum.dm3') || !hasSample('io/dm3_EELS_spectrum.dm3'))('single spectra: dm3_EELS_spectrum (200 kV, 50 frames) and dm3_EDS_spectrum (keV, live 3.806 s, real 4.233 s)', async () => {
    const eels = (await readSpectra(join(IO, 'dm3_EELS_spectrum.dm3'))).spectra[0]!;
    expect(eels.kind).toBe('EELS');
    expect(eels.energy).toEqual({ size: 2048, scale: 0.5, offset: -100, unit: 'eV' });
    expect([eels.acquisition.beamEnergyKeV, eels.acquisition.frames, eels.acquisition.convergenceAngle]).toEqual([200, 50, 21]);
    expect(eels.acquisition.detector).toBe('GIF Quantum ER');
    const eds = (await readSpectra(join(IO, 'dm3_EDS_spectrum.dm3'))).spectra[0]!;
    expect(eds.kind).toBe('EDX');
    expect(eds.energy.size).toBe(4096);
    expect(eds.energy.unit).toBe('keV');
    expect(eds.energy.scale).toBeCloseTo(0.005, 9);
    expect([eds.acquisition.liveTime, eds.acquisition.realTime, eds.acquisition.beamEnergyKeV]).toEqual([3.806, 4.233, 200]);
    // HyperSpy reports 130 eV at Mn Kα: its default; the file holds no resolution, so fusem says null.
    expect(eds.acquisition.resolutionMnKa).toBeNull();
    expect(total(eds.counts)).toBe(17051);
    await expect(readSpectrumImage(join(IO, 'dm3_EDS_spectrum.dm3'))).rejects.toThrow(/holds a single spectrum, not a spectrum image/);
  });
});

describe('HyperSpy .hspy', () => {
  it('a 3-D EDS_TEM signal: navigation y, x + energy axis, with beam energy, live time and Mn Kα resolution', async () => {
    const t = tempDir('fusem-hspy-si-');
    try {
      const file = join(t.dir, 'si.hspy');
      const g = '/Experiments/si';
      const data = Float32Array.from({ length: 3 * 4 * 50 }, (_, i) => i % 7);
      const f64 = (value: number) => ({ value, dtype: '<d' });
      const axis = (name: string, size: number, scale: number, offset: number, units: string, navigate: number) => ({
        name: { value: name }, size: { value: size, dtype: '<q' }, scale: f64(scale), offset: f64(offset), units: { value: units }, navigate: { value: navigate, dtype: '<b' },
      });
      await h5Request<void>({ op: 'write', file, nodes: [
        { kind: 'group', path: '/', attrs: { file_format: { value: 'HyperSpy' }, file_format_version: { value: '3.1' } } },
        { kind: 'group', path: '/Experiments' },
        { kind: 'group', path: g },
        { kind: 'dataset', path: `${g}/data`, data, shape: [3, 4, 50] },
        { kind: 'group', path: `${g}/axis-0`, attrs: axis('y', 3, 2, 0, 'nm', 1) },
        { kind: 'group', path: `${g}/axis-1`, attrs: axis('x', 4, 2, 0, 'nm', 1) },
        { kind: 'group', path: `${g}/axis-2`, attrs: axis('Energy', 50, 0.02, -0.1, 'keV', 0) },
        { kind: 'group', path: `${g}/metadata` },
        { kind: 'group', path: `${g}/metadata/General`, attrs: { title: { value: 'EDS SI' } } },
        { kind: 'group', path: `${g}/metadata/Signal`, attrs: { signal_type: { value: 'EDS_TEM' } } },
        { kind: 'group', path: `${g}/metadata/Acquisition_instrument` },
        { kind: 'group', path: `${g}/metadata/Acquisition_instrument/TEM`, attrs: { beam_energy: f64(300) } },
        { kind: 'group', path: `${g}/metadata/Acquisition_instrument/TEM/Detector` },
        { kind: 'group', path: `${g}/metadata/Acquisition_instrument/TEM/Detector/EDS`, attrs: { live_time: f64(12.5), energy_resolution_MnKa: f64(128) } },
      ] }, 20_000);
      const { si } = await readSpectrumImage(file);
      expect([si.kind, si.rows, si.cols, si.title]).toEqual(['EDX', 3, 4, 'EDS SI']);
      expect(si.energy).toEqual({ size: 50, scale: 0.02, offset: -0.1, unit: 'keV' });
      expect([si.acquisition.beamEnergyKeV, si.acquisition.liveTime, si.acquisition.resolutionMnKa]).toEqual([300, 12.5, 128]);
      expect(si.pixelSize).toEqual([2, 2]);
      expect(Array.from(blockSpectrum(si, 0, 1, 1, 2)).slice(0, 3)).toEqual([50 % 7, 51 % 7, 52 % 7]);
    } finally { t.cleanup(); }
  });
});
