// The result folder as a format (compute/io/result): what writeResult writes, readResultReport / readResultMaps
// read back; writeResultDir's refusal is a typed error whose message names no CLI flag (the CLI adds its own).

import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/compute/io/errors.js';
import {
  fusedNpyFile, readResultMaps, readResultReport, ResultDirNotEmpty, stderrNpyFile, writeResult, writeResultDir,
} from '../../../../src/compute/io/result/index.js';
import { ReferenceBackend } from '../../../../src/compute/backend/index.js';
import { fuse } from '../../../../src/compute/solve/fuse.js';
import { DEFAULT_PARAMS } from '../../../../src/compute/solve/params.js';
import { standardErrorMaps, stderrReport } from '../../../../src/compute/uncertainty/index.js';
import { rng } from '../../helpers.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'fusem-result-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const W = 12, H = 9, N = W * H;
function inputs() {
  const r = rng(5);
  const maps = [0, 1].map(() => Float32Array.from({ length: N }, () => Math.floor(r() * 20)));
  const haadf = Float32Array.from({ length: N }, (_, k) => 3 * maps[0]![k]! + maps[1]![k]! + 2);
  return { width: W, height: H, elements: ['Co', 'O'], haadf, maps };
}

describe('the result folder', () => {
  it('reads back what writeResult wrote: report, fused maps, standard-error maps', async () => {
    const inp = inputs();
    const backend = new ReferenceBackend();
    const result = await fuse(inp, { ...DEFAULT_PARAMS, iterations: 4 }, { backend });
    const errors = standardErrorMaps(inp, result);
    const out = path.join(dir, 'out');
    await writeResultDir(out, false, async (tmp) => {
      await writeResult(tmp, { files: [], pixelSize: [2e-10, 2e-10], unit: 'm', notes: [] }, result, undefined, { maps: errors, report: stderrReport(errors) });
    });
    const report = await readResultReport(out);
    expect(report.elements).toEqual(['Co', 'O']);
    expect(report.shape).toEqual([H, W]);
    expect(report.files).toContain(fusedNpyFile('Co'));
    expect(report.files).toContain(stderrNpyFile('O'));
    expect(Object.keys(report.stderr!.averageStandardError)).toEqual(['Co', 'O']);
    const fused = await readResultMaps(out, 'fused', report.elements);
    expect(fused.map((m) => m.shape)).toEqual([[H, W], [H, W]]);
    expect(Array.from(fused[1]!.data)).toEqual(Array.from(result.maps[1]!));
    const se = await readResultMaps(out, 'stderr', ['O']);
    expect(Array.from(se[0]!.data)).toEqual(Array.from(errors.maps[1]!));
  });

  it('says a folder without report.json is not a result folder, and names the file', async () => {
    await expect(readResultReport(dir)).rejects.toThrow(new RegExp(`report\\.json: not found: .* is not a fusem result folder`));
    await writeFile(path.join(dir, 'report.json'), '{"elements": ');
    await expect(readResultReport(dir)).rejects.toThrow(/report\.json: is not valid JSON/);
    await writeFile(path.join(dir, 'report.json'), '{"hello": 1}');
    await expect(readResultReport(dir)).rejects.toBeInstanceOf(InputError);
  });

  it('refuses to replace a non-empty folder with a typed error that names no CLI flag; replaces it when asked', async () => {
    const target = path.join(dir, 'taken');
    await mkdir(target);
    await writeFile(path.join(target, 'mine.txt'), 'the user’s');
    const refused = writeResultDir(target, false, async (tmp) => { await writeFile(path.join(tmp, 'a'), '1'); });
    await expect(refused).rejects.toBeInstanceOf(ResultDirNotEmpty);
    await expect(refused).rejects.toThrow(/exists and is not empty/);
    await expect(refused).rejects.not.toThrow(/--/);
    expect(await readdir(target)).toEqual(['mine.txt']);
    expect((await readdir(dir)).filter((n) => n.includes('.partial-'))).toEqual([]);
    // issue 14: --overwrite replaces only a fusem result, never the user's folder
    await expect(writeResultDir(target, true, async (tmp) => { await writeFile(path.join(tmp, 'a'), '1'); })).rejects.toThrow(/is not a fusem result/);
    expect(await readdir(target)).toEqual(['mine.txt']);
    await (await import('node:fs/promises')).rm(path.join(target, 'mine.txt'));
    await writeFile(path.join(target, 'report.json'), JSON.stringify({ fusem: 'test', files: ['report.json'] }));
    await writeResultDir(target, true, async (tmp) => { await writeFile(path.join(tmp, 'a'), '1'); });
    expect(await readdir(target)).toEqual(['a']);
  });
});
