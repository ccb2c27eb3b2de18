// The `fusem` command line (DESIGN.md §4): dispatch to a command; map errors to exit statuses
// (0 success, 2 bad input with one line naming the file and the problem, 1 internal error).

import { UsageError } from './args.js';
import { processIo, type CliIo } from './io.js';
import { USAGES } from './usage.js';
import { FUSEM_VERSION } from '../compute/node/version.js';
import { isInputError } from '../compute/io/errors.js';
import { closeHdf5Worker } from '../compute/io/index.js';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  fuse: { summary: 'fuse a HAADF image with elemental maps', load: async () => (await import('./commands/fuse.js')).fuseCommand },
  maps: { summary: 'element maps from an EELS/EDX spectrum image', load: async () => (await import('./commands/maps.js')).mapsCommand },
  info: { summary: 'list what a file holds', load: async () => (await import('./commands/info.js')).infoCommand },
  simulate: { summary: 'write a simulated acquisition of a phantom and its truth', load: async () => (await import('./commands/simulate.js')).simulateCommand },
  demo: { summary: 'simulate the built-in core–shell phantom, fuse it and report how well', load: async () => (await import('./commands/demo.js')).demoCommand },
  quantify: { summary: 'the composition of regions of a result, ± standard error, with its histogram fit', load: async () => (await import('./commands/quantify.js')).quantifyCommand },
  'gamma-scan': { summary: 're-fuse over a range of γ and show how the composition moves', load: async () => (await import('./commands/gamma-scan.js')).gammaScanCommand },
  sweep: { summary: 'dose/SNR sweep on a phantom: NRMSE over HAADF SNR × chemical SNR', load: async () => (await import('./commands/sweep.js')).sweepCommand },
  watch: { summary: 'fuse each dataset that lands in an acquisition folder, near-live', load: async () => (await import('./commands/watch.js')).watchCommand },
  import: { summary: 'add a dataset (files) to a project, as the app’s Import does', load: async () => (await import('./commands/import.js')).importCommand },
  serve: { summary: 'the app’s UI and API in a browser', load: async () => (await import('./commands/serve.js')).serveCommand },
};

export const USAGE = `fusem ${FUSEM_VERSION} — fused multi-modal electron microscopy

usage: fusem <command> [options]

${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`).join('\n')}

${Object.values(USAGES).map((u) => `  ${u}`).join('\n')}

Exit status: 0 success, 2 bad input (one line naming the file and the problem), 1 internal error.`;

/** Run one command line; returns the exit status. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') { io.out(USAGE); return name === undefined ? 2 : 0; }
  if (name === '--version' || name === 'version') { io.out(FUSEM_VERSION); return 0; }
  const command = COMMANDS[name];
  if (!command) { io.err(`fusem: unknown command "${name}" (try fusem help)`); return 2; }
  try {
    return await (await command.load())(rest, io);
  } catch (e) {
    // a fusion that diverged is a parameter problem (its message names the remedy), not an internal error
    if (e instanceof UsageError || isInputError(e) || (e instanceof Error && e.name === 'FusionDiverged')) { io.err(`fusem ${name}: ${e.message}`); return 2; }
    io.err(`fusem ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  } finally {
    closeHdf5Worker(); // the HDF5 reader runs in a worker thread that would keep the process alive
  }
}
