/** Where the e2e tests find the repo, the built app, Electron and Chromium. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const builtMain = join(repoRoot, 'out/main/index.js');
export const builtRenderer = join(repoRoot, 'out/renderer');

export type Found = { readonly path: string } | { readonly missing: string };

/**
 * The Electron executable, found the way `require('electron')` finds it but
 * without requiring it: in electron ≥ 37 that require downloads the binary
 * when it is missing, which hangs or throws on a machine without internet.
 */
export function findElectron(): Found {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const exe = override ? join(override, relative || 'electron') : relative ? join(pkgDir, 'dist', relative) : '';
  if (!exe) return { missing: `${pathFile} does not exist (the binary was never downloaded)` };
  return existsSync(exe) ? { path: exe } : { missing: `${exe} does not exist` };
}

/** The Chromium to drive: $FUSEM_CHROMIUM, else Debian's /usr/bin/chromium. */
export function findChromium(): Found {
  const candidates = [process.env['FUSEM_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const exe = candidates.find((c): c is string => !!c && existsSync(c));
  return exe ? { path: exe } : { missing: 'no Chromium at $FUSEM_CHROMIUM, /usr/bin/chromium or /usr/bin/chromium-browser' };
}
