// `fusem serve [--port P] [--host H --token T] [--project DIR] [--read-only]`: the UI in a browser, the API over a
// WebSocket (DESIGN.md §2, §4). Prints the URL, then serves until SIGINT or SIGTERM. The token may come from a file
// (--token-file) or FUSEM_TOKEN, which keeps it out of the process list; projects open only under the allowed roots.

import { checkWritableFolder, mkdirBounded } from '../../compute/io/safe-path.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { flag, numberOption, parseArgs, single, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { checkServerOptions, DEFAULT_HOST, startServer, type RunningServer } from '../../main/server/index.js';
import { createAppService, defaultConfigDir, type AppService } from '../../main/services/app/index.js';
import { projectRoots } from '../../main/services/app/project-roots.js';
import { ApiError } from '../../shared/api/index.js';
import { InputError } from '../../compute/io/errors.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ComputeHost } from '../../compute/host/index.js';
import { FUSEM_VERSION } from '../../compute/node/version.js';

/** Default port: fixed, so a bookmark keeps working; `--port 0` picks a free one. */
export const DEFAULT_PORT = 5170;

/** The built renderer, the same path from src/cli/commands and lib/cli/commands. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export const SERVE_USAGE = 'fusem serve [--port P] [--host H --token T | --token-file F] [--project DIR] [--read-only] [--project-root DIR ...] [--config DIR]';

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

/** The token in `file` (its first line, trimmed), or undefined without a file. */
async function tokenFromFile(file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => { throw new InputError(file, `cannot be read (${e.code ?? e.message})`); });
  const token = text.split(/\r?\n/)[0]!.trim();
  if (token === '') throw new InputError(file, 'holds no token (its first line is empty)');
  return token;
}

/** `--project DIR`: opened before serving, read-only on a read-only server (for viewing), else locked for this server. */
async function openInitialProject(service: AppService, dir: string, readOnly: boolean): Promise<void> {
  await service['project.open']({ dir, ...(readOnly ? { readOnly: true } : {}) });
}

/** `fusem serve`. A bad command line throws UsageError (exit 2); returns 0 after a clean stop. */
export async function serveCommand(argv: string[], io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  const args = parseArgs(argv, ['port', 'host', 'token', 'token-file', 'static', 'config', 'project', 'project-root'], ['read-only']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (usage: ${SERVE_USAGE})`);
  const port = numberOption(args, 'port') ?? DEFAULT_PORT;
  const host = single(args, 'host') ?? DEFAULT_HOST;
  // A file or the environment keeps the secret out of the process list.
  const token = single(args, 'token') ?? await tokenFromFile(single(args, 'token-file')) ?? (process.env['FUSEM_TOKEN'] || undefined);
  const readOnly = flag(args, 'read-only');
  const staticDir = single(args, 'static') ?? DEFAULT_STATIC_DIR;
  const problem = checkServerOptions({ host, port, token });
  if (problem) throw new UsageError(problem);
  if (!existsSync(`${staticDir}/index.html`)) io.err(`fusem serve: no built UI in ${staticDir} (run \`npm run build\`); serving the API only`);

  const configDir = await checkWritableFolder(single(args, 'config') ?? defaultConfigDir(), { what: 'the config folder' });
  await mkdirBounded(configDir);
  const computeHost = new ComputeHost();
  const projectDir = single(args, 'project');
  const givenRoots = args.options.get('project-root') ?? [];
  const roots = await projectRoots(configDir, givenRoots);
  const service = await createAppService({ configDir, version: FUSEM_VERSION, computeHost, projectRoots: projectDir === undefined ? roots : [...roots, path.resolve(projectDir)] });
  let server: RunningServer;
  try {
    if (projectDir !== undefined) await openInitialProject(service, projectDir, readOnly);
    server = await startServer({ service, host, port, token, readOnly, staticDir, log: io.err });
  } catch (e) {
    await service.dispose();
    await computeHost.dispose();
    if (e instanceof ApiError) throw new UsageError(`--project: ${e.message.replace(/\s+/g, ' ')}`);
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use: choose another with --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on ${host}: no such address on this machine`);
    if (code === 'EACCES') throw new UsageError(`not allowed to listen on ${host}:${port}`);
    throw e;
  }
  const shown = token === undefined ? server.url : `${server.url}?token=${encodeURIComponent(token)}`;
  io.out(`fusem serve: ${shown}${readOnly ? ' (read-only)' : ''}${projectDir !== undefined ? ` — project ${path.resolve(projectDir)}` : ''}`);
  io.err('press Ctrl+C to stop');
  await (hooks.until ?? untilSignal)(server);
  await server.close();
  await service.dispose();
  await computeHost.dispose();
  return 0;
}
