// Issue 11 review: a spectrum image read by the compute host. A failure of the host itself (crashed, disposed) is
// reported as that, never as "not a spectrum image"; concurrent summaries of one SI ask the host once; a watched SI is
// mapped with the project's frame selection.

import { describe, expect, it } from 'vitest';
import { ComputeJobError, type ComputeHost } from '../../../src/compute/host/compute-host.js';
import { InputError } from '../../../src/compute/io/errors.js';
import { SpectrumImageStore, spectrumImageKind } from '../../../src/main/services/app/spectra.js';
import { loadWatchedDataset, type SpectrumSource } from '../../../src/main/services/watcher/load-dataset.js';
import { SPECTRUM_IMAGE_ROLE } from '../../../src/main/services/watcher/naming.js';
import type { MapRequest } from '../../../src/compute/spectra/make-maps.js';

/** A compute host whose spectrum requests all end with `answer`. */
function hostAnswering(answer: () => Promise<unknown>): ComputeHost & { calls: number } {
  const host = { calls: 0, spectrum: () => { host.calls++; return answer(); } };
  return host as unknown as ComputeHost & { calls: number };
}

const crashed = () => Promise.reject(new ComputeJobError('spectrum-1', 'crash', 'the compute process exited (code 137)'));
const SI = [{ role: SPECTRUM_IMAGE_ROLE, file: '/acq/scan012_SI.dm4' }, { role: 'HAADF', file: '/acq/scan012_HAADF.dm4' }];

describe('spectrumImageKind', () => {
  it('is null for a file that is not an SI (input error), and rethrows a failure of the compute host', async () => {
    await expect(spectrumImageKind(hostAnswering(() => Promise.reject(new InputError('/a.tif', 'holds no spectrum image'))), '/a.tif')).resolves.toBeNull();
    await expect(spectrumImageKind(hostAnswering(async () => ({ kind: 'EDX' })), '/a.emd')).resolves.toBe('EDX');
    await expect(spectrumImageKind(hostAnswering(crashed), '/a.dm4')).rejects.toThrow(/compute process exited/);
    await expect(spectrumImageKind(hostAnswering(() => Promise.reject(new Error('the compute host was disposed'))), '/a.dm4')).rejects.toThrow(/disposed/);
  });
});

describe('a watched SI read on a host that fails', () => {
  const onHost = (host: ComputeHost): SpectrumSource => ({
    kind: (file) => spectrumImageKind(host, file),
    map: () => Promise.reject(new Error('not reached')),
  });
  const settings = (): MapRequest => ({ elements: ['Co', 'O'] });

  it('reports the host failure, not "null spectrum image" (SI beside its HAADF, and an SI file alone)', async () => {
    const host = hostAnswering(crashed);
    const group = loadWatchedDataset('group', SI, 'poisson', settings, onHost(host));
    await expect(group).rejects.toThrow(/compute process exited \(code 137\)/);
    await expect(group).rejects.not.toThrow(/null/);
    const single = loadWatchedDataset('file', [{ role: 'dataset', file: '/acq/scan013.emd' }], 'poisson', settings, onHost(host));
    await expect(single).rejects.toThrow(/compute process exited \(code 137\)/);
  });
});

describe('a watched SI is mapped with the frames of the project settings', () => {
  it('passes the frames to the source, apart from the map request', async () => {
    const seen: { request: MapRequest; frames: unknown }[] = [];
    const source: SpectrumSource = {
      kind: async () => 'EDX',
      map: async (file, request, frames) => { seen.push({ request, frames }); throw new InputError(file, 'stop here'); },
    };
    await expect(loadWatchedDataset('group', SI, 'poisson', () => ({ elements: ['Co'], frames: { first: 2, last: 5 } }), source)).rejects.toThrow(/stop here/);
    await expect(loadWatchedDataset('group', SI, 'poisson', () => ({ elements: ['Co'] }), source)).rejects.toThrow(/stop here/);
    expect(seen).toEqual([{ request: { elements: ['Co'] }, frames: { first: 2, last: 5 } }, { request: { elements: ['Co'] }, frames: undefined }]);
  });
});

describe('SpectrumImageStore', () => {
  it('asks the host once for concurrent summaries of one SI, and again after a failure', async () => {
    let fail = true;
    const host = hostAnswering(async () => { await new Promise((r) => setTimeout(r, 20)); if (fail) throw new Error('busy'); return { kind: 'EELS' }; });
    const store = new SpectrumImageStore(host);
    await expect(Promise.all([store.get('d1', '/no/such/si.dm4'), store.get('d1', '/no/such/si.dm4')])).rejects.toThrow(/busy/);
    expect(host.calls).toBe(1);
    fail = false;
    const [a, b] = await Promise.all([store.get('d1', '/no/such/si.dm4'), store.get('d1', '/no/such/si.dm4')]);
    expect(host.calls).toBe(2);
    expect(a).toBe(b);
    expect(a.summary.kind).toBe('EELS');
  });
});
