// Where fusem keeps settings, recent projects and the demo project when no Electron app path is given:
// $FUSEM_CONFIG_DIR, else the platform's per-user config folder (XDG on Linux, Application Support, AppData).

import { homedir } from 'node:os';
import path from 'node:path';

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['FUSEM_CONFIG_DIR']) return path.resolve(env['FUSEM_CONFIG_DIR']);
  if (platform === 'win32') return path.join(env['APPDATA'] ?? path.join(homedir(), 'AppData', 'Roaming'), 'fusem');
  if (platform === 'darwin') return path.join(homedir(), 'Library', 'Application Support', 'fusem');
  return path.join(env['XDG_CONFIG_HOME'] ?? path.join(homedir(), '.config'), 'fusem');
}
