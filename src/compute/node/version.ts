// fusem's version, read from package.json (the same path from src/cli and lib/cli).

import { readFileSync } from 'node:fs';

export const FUSEM_VERSION: string = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
