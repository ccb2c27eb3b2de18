// `fusem serve [--port P] [--host H --token T] [--read-only]`: the UI in a browser, the API over a WebSocket
// (DESIGN.md §2, §4). Prints the URL, then serves until SIGINT or SIGTERM.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { flag, numberOption, parseArgs, single, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { checkServerOptions, DEFAULT_HOST, startServer, type RunningServer } from '../../main/server/index.js';
import { mkdir } from 'node:fs/promises';
import { createAppService, defaultConfigDir } from '../../main/services/app/index.js';
import { ComputeHost } from '../../compute/host/index.js';
import { FUSEM_VERSION } from '../../compute/node/version.js';

/** Default port: fixed, so a bookmark keeps working; `--port 0` picks a free one. */
export const DEFAULT_PORT = 5170;

/** The built renderer, the same path from src/cli/commands and lib/cli/commands. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export const SERVE_USAGE = 'fusem serve [--port P] [--host H --token T] [--read-only] [--config DIR]';

export interface ServeHooks {
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  until?: (server: RunningServer) => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((ok) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      ok();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `fusem serve`. A bad command line throws UsageError (exit 2); returns 0 after a clean stop. */
export async function serveCommand(argv: string[], io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  const args = parseArgs(argv, ['port', 'host', 'token', 'static', 'config'], ['read-only']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (usage: ${SERVE_USAGE})`);
  const port = numberOption(args, 'port') ?? DEFAULT_PORT;
  const host = single(args, 'host') ?? DEFAULT_HOST;
  // The environment keeps the secret out of the process list.
  const token = single(args, 'token') ?? (process.env['FUSEM_TOKEN'] || undefined);
  const readOnly = flag(args, 'read-only');
  const staticDir = single(args, 'static') ?? DEFAULT_STATIC_DIR;
  const problem = checkServerOptions({ host, port, token });
  if (problem) throw new UsageError(problem);
  if (!existsSync(`${staticDir}/index.html`)) io.err(`fusem serve: no built UI in ${staticDir} (run \`npm run build\`); serving the API only`);

  const configDir = single(args, 'config') ?? defaultConfigDir();
  await mkdir(configDir, { recursive: true });
  const computeHost = new ComputeHost();
  const service = await createAppService({ configDir, version: FUSEM_VERSION, computeHost });
  let server: RunningServer;
  try {
    server = await startServer({ service, host, port, token, readOnly, staticDir, log: io.err });
  } catch (e) {
    await service.dispose();
    await computeHost.dispose();
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use: choose another with --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on ${host}: no such address on this machine`);
    if (code === 'EACCES') throw new UsageError(`not allowed to listen on ${host}:${port}`);
    throw e;
  }
  const shown = token === undefined ? server.url : `${server.url}?token=${encodeURIComponent(token)}`;
  io.out(`fusem serve: ${shown}${readOnly ? ' (read-only)' : ''}`);
  io.err('press Ctrl+C to stop');
  await (hooks.until ?? untilSignal)(server);
  await server.close();
  await service.dispose();
  await computeHost.dispose();
  return 0;
}
