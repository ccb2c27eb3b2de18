// `fusem maps SI_FILE --elements Co,Mn,O --out DIR`: element maps from a spectrum image (issue 11), written in the
// `fusem fuse` input layout: DIR/map_<El>.npy (counts), DIR/variance_<El>.npy, DIR/haadf.npy (when the SI file has
// one) and DIR/maps.json (what was read, windows, fits, lines: the provenance). Exit 0 ok, 2 bad input.

import path from 'node:path';
import { writeFileAtomic } from '../../compute/io/atomic.js';
import { writeNpy } from '../../compute/io/npy/write.js';
import { flag, parseArgs, single, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { sha256 } from '../../compute/io/load-inputs.js';
import { mapSpectrumImageFile, provenanceLines } from '../../compute/io/load-spectrum-image.js';
import { writeOutDir } from '../out-dir.js';
import { MAP_USAGE, MAP_VALUED, mapRequestFromArgs } from '../spectrum-inputs.js';

export const MAPS_USAGE = `usage: fusem maps SI_FILE ${MAP_USAGE} --out DIR [--overwrite] [--json]`;

export async function mapsCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { io.out(MAPS_USAGE); return 0; }
  const args = parseArgs(argv, [...MAP_VALUED, 'out'], ['overwrite', 'json']);
  if (args.positional.length !== 1) throw new UsageError(`expected one SI_FILE (${MAPS_USAGE})`);
  const file = args.positional[0]!;
  const out = single(args, 'out');
  if (out === undefined) throw new UsageError('--out DIR is required');
  const parsed = mapRequestFromArgs(args);
  if (!parsed) throw new UsageError('--elements is required (e.g. --elements Co,Mn,O)');
  const { si, maps, haadf, haadfTitle } = await mapSpectrumImageFile(file, parsed.request, parsed.frames);
  const shape = [maps.height, maps.width];
  const files: Record<string, string> = {};
  const report = {
    fusem: 'maps', file: path.resolve(file), sha256: await sha256(file),
    spectrumImage: {
      title: si.title, kind: si.kind, rows: si.rows, cols: si.cols, energy: si.energy, acquisition: si.acquisition,
      source: si.source, notes: si.notes,
    },
    mapped: { shape, energy: maps.energy, pixelSize: maps.pixelSize, unit: maps.unit, energyBin: parsed.request.energyBin ?? 1, pixelBin: parsed.request.pixelBin ?? 1 },
    elements: maps.elements, units: 'counts', provenance: maps.provenance, notes: maps.notes, files,
    haadf: haadf ? { title: haadfTitle, file: 'haadf.npy' } : null,
  };
  await writeOutDir(out, flag(args, 'overwrite'), async (tmp) => {
    if (haadf) await writeNpy(path.join(tmp, 'haadf.npy'), haadf, shape);
    for (const [i, el] of maps.elements.entries()) {
      files[el] = `map_${el}.npy`;
      await writeNpy(path.join(tmp, `map_${el}.npy`), maps.maps[i]!, shape);
      await writeNpy(path.join(tmp, `variance_${el}.npy`), maps.variances[i]!, shape);
    }
    await writeFileAtomic(path.join(tmp, 'maps.json'), new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`));
  });
  if (flag(args, 'json')) { io.out(JSON.stringify(report)); return 0; }
  io.out(`${file}: ${si.kind} spectrum image ${si.rows}×${si.cols}×${si.energy.size} → ${maps.elements.length} maps ${maps.height}×${maps.width} in ${out}`);
  for (const line of provenanceLines(maps)) io.out(`  ${line}`);
  for (const n of maps.notes) io.out(`  note: ${n}`);
  // an all-zero map (the element absent, or below one count in the whole field) cannot be fused: leave it out
  const empty = maps.elements.filter((_, i) => !maps.maps[i]!.some((v) => v !== 0));
  for (const el of empty) io.out(`  note: the ${el} map holds no counts (${el} absent or below detection here): left out of the fuse command below`);
  const mapsArgs = maps.elements.filter((el) => !empty.includes(el)).map((el) => `--map ${el}=${path.join(out, `map_${el}.npy`)} --variance ${el}=${path.join(out, `variance_${el}.npy`)}`).join(' ');
  io.out(haadf ? `  fuse them: fusem fuse --haadf ${path.join(out, 'haadf.npy')} ${mapsArgs} --out RESULT_DIR` : `  fuse them: fusem fuse --haadf HAADF_FILE ${mapsArgs} --out RESULT_DIR (the SI file holds no HAADF)`);
  return 0;
}
