// Run the fusem CLI in-process and capture what it prints.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../src/cli/main.js';

export interface CliRun { code: number; out: string[]; err: string[] }

export async function runCli(argv: string[]): Promise<CliRun> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

export const tempDir = (prefix = 'fusem-test-'): Promise<string> => mkdtemp(path.join(tmpdir(), prefix));
