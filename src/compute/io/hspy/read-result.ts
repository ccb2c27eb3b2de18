// Read back what writeResultHdf5 wrote: the /fusem group plus the HyperSpy experiments.

import { InputError } from '../errors.js';
import { asString, scanHdf5 } from '../hdf5/tree.js';
import type { FusionResultFile } from './result.js';

function json<T>(file: string, v: string | null, what: string): T {
  try {
    return JSON.parse(v ?? 'null') as T;
  } catch {
    throw new InputError(file, `corrupt fusem result: ${what} is not JSON`);
  }
}

export async function readResultHdf5(file: string): Promise<FusionResultFile> {
  const tree = await scanHdf5(file);
  const f = tree.get('/fusem');
  if (!f || f.kind !== 'group') throw new InputError(file, 'is not a fusem result file (no /fusem group)');
  const a = f.attrs;
  const elements = json<string[]>(file, asString(a['elements']), 'elements');
  const calibration = json<{ pixelSize: [number, number] | null; unit: string | null }>(file, asString(a['calibration']), 'calibration');
  const terms = json<string[]>(file, asString(a['cost_terms']), 'cost_terms');
  const width = Number(a['width']);
  const height = Number(a['height']);
  const f32 = async (name: string): Promise<Float32Array> => {
    const v = await tree.readNumeric(`/Experiments/${name}/data`);
    if (!(v instanceof Float32Array) || v.length !== width * height) throw new InputError(file, `corrupt fusem result: ${name} is not ${width}×${height} float32`);
    return v;
  };
  const maps = async (role: string): Promise<{ element: string; data: Float32Array }[]> =>
    Promise.all(elements.filter((e) => tree.get(`/Experiments/${role}_${e}/data`)).map(async (e) => ({ element: e, data: await f32(`${role}_${e}`) })));
  const costHistory: Record<string, number[]> = {};
  for (const t of terms) costHistory[t] = Array.from(await tree.readNumeric(`/Experiments/cost_${t}/data`), Number);
  const result: FusionResultFile = {
    width, height, pixelSize: calibration?.pixelSize ?? null, unit: calibration?.unit ?? null, elements,
    haadf: await f32('HAADF'), haadfTitle: asString(a['haadf_title']) ?? 'HAADF',
    inputs: await maps('input'), fused: await maps('fused'),
    parameters: json<Record<string, unknown>>(file, asString(a['parameters']), 'parameters') ?? {},
    costHistory,
    notes: json<string[]>(file, asString(a['notes']), 'notes') ?? [],
    provenance: json<Record<string, unknown>>(file, asString(a['provenance']), 'provenance') ?? {},
  };
  if (Number(a['has_stderr']) === 1) result.stderr = await maps('stderr');
  return result;
}
