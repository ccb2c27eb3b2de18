// `fusem import PROJECT FILE… [--reference] [--label L] [--element FROM=TO …] [--create] [--json]`: add one dataset
// (one file holding the HAADF and labelled maps, or a HAADF file plus one file per element) to a project, as the
// app's Import does. Copied into the project by default. Exit 0 ok, 2 bad input (one line), 1 internal error.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { flag, parseArgs, single, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { loadDatasetInputs } from '../../main/services/app/dataset-inputs.js';
import { createProject, isProjectError, openProject, type ProjectHandle } from '../../main/services/project/index.js';
import { parseElementLabel } from '../../compute/io/index.js';

export const IMPORT_USAGE = 'fusem import PROJECT FILE... [--reference] [--label L] [--element FROM=TO ...] [--create] [--json]';

/** `--element FROM=TO` options as a relabel map; a UsageError for anything else. */
export function relabelOptions(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const from = v.slice(0, eq).trim(), to = v.slice(eq + 1).trim();
    if (eq <= 0 || to === '') throw new UsageError(`--element needs FROM=TO, the label as read and the element it is (got "${v}")`);
    if (parseElementLabel(to) !== to) throw new UsageError(`--element ${v}: "${to}" is not an element symbol`);
    out[from] = to;
  }
  return out;
}

export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['label', 'element'], ['reference', 'create', 'json']);
  const [projectDir, ...files] = args.positional;
  if (projectDir === undefined || files.length === 0) throw new UsageError(`expected a PROJECT folder and at least one FILE (usage: ${IMPORT_USAGE})`);
  const relabel = relabelOptions(args.options.get('element') ?? []);
  const mode = flag(args, 'reference') ? 'reference' as const : 'copy' as const;
  const label = single(args, 'label');
  for (const f of files) if (!existsSync(f)) throw new UsageError(`${path.resolve(f)} does not exist`);
  let project: ProjectHandle;
  try {
    const exists = existsSync(path.join(projectDir, 'project.json')) || existsSync(path.join(projectDir, 'project.json.bak'));
    if (!exists && !flag(args, 'create')) throw new UsageError(`${path.resolve(projectDir)} is not a fusem project (no project.json); add --create to make one there`);
    project = exists ? await openProject(projectDir, { autosaveMs: false }) : await createProject(projectDir, path.basename(path.resolve(projectDir)), { autosaveMs: false });
  } catch (e) {
    if (isProjectError(e)) throw new UsageError(e.message);
    throw e;
  }
  try {
    // read and check first: nothing is copied that cannot be fused
    const loaded = await loadDatasetInputs(files, project.parameters().dataTerm, Object.keys(relabel).length > 0 ? relabel : undefined);
    const record = await project.importDataset(files, { mode, ...(label !== undefined ? { label } : {}), ...(Object.keys(relabel).length > 0 ? { relabel } : {}) });
    const { elements, width, height } = loaded.inputs;
    if (flag(args, 'json')) {
      io.out(JSON.stringify({ project: project.dir, dataset: { id: record.id, label: record.label, mode: record.mode, elements, shape: [height, width], files: record.files } }));
    } else {
      io.out(`${project.dir}: imported "${record.label}" (${record.id}): ${elements.join(', ')}, ${width}×${height}, ${mode === 'copy' ? 'copied into the project' : 'referenced where it is'}`);
    }
    return 0;
  } catch (e) {
    if (isProjectError(e)) throw new UsageError(e.message);
    throw e;
  } finally {
    await project.close({ discardUnsaved: true });
  }
}
