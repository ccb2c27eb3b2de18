// Shared by the app-service tests: a service on a real compute host with a fresh config folder, the events it
// emitted, and a small simulated acquisition written as separate files.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ComputeHost } from '../../../src/compute/host/index.js';
import { writeNpy } from '../../../src/compute/io/index.js';
import { ga2o3Films, simulateAcquisition } from '../../../src/compute/simulate/index.js';
import { createAppService, type AppService } from '../../../src/main/services/app/index.js';
import { ApiError, type ApiEvent } from '../../../src/shared/api/index.js';

export const temp = (prefix: string): Promise<string> => mkdtemp(path.join(tmpdir(), prefix));

export interface AppFixture { service: AppService; host: ComputeHost; configDir: string; events: ApiEvent[]; close(): Promise<void> }

export async function startApp(prefix = 'fusem-app-config-'): Promise<AppFixture> {
  const configDir = await temp(prefix);
  const host = new ComputeHost();
  const service = await createAppService({ configDir, version: '9.9.9', computeHost: host });
  const events: ApiEvent[] = [];
  service.subscribe((e) => events.push(e));
  return { service, host, configDir, events, close: async () => { await service.dispose(); await host.dispose(); } };
}

/** Wait until `pred` holds (polling), or fail after `ms`. */
export async function until(pred: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A 32×32 Ga₂O₃ acquisition as <stem>_HAADF.npy, <stem>_Ga.npy, <stem>_O.npy in `dir`. */
export async function writeAcquisition(dir: string, stem: string): Promise<string[]> {
  const S = 32, N = S * S;
  const acq = simulateAcquisition(ga2o3Films({ width: S, height: S }), { chemSnr: 4, haadfSnr: 20, seed: 5 });
  const files = [path.join(dir, `${stem}_HAADF.npy`), path.join(dir, `${stem}_Ga.npy`), path.join(dir, `${stem}_O.npy`)];
  await writeNpy(files[0]!, acq.haadf, [S, S]);
  await writeNpy(files[1]!, acq.maps.slice(0, N), [S, S]);
  await writeNpy(files[2]!, acq.maps.slice(N), [S, S]);
  return files;
}

/** Resolves with the result id of job `jobId` once `events` holds its fusion.done; rejects on fusion.failed or after `ms`. */
export async function resultOf(events: readonly ApiEvent[], jobId: string, ms = 40_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const e = events.find((x) => (x.event === 'fusion.done' || x.event === 'fusion.failed') && x.payload.jobId === jobId);
    if (e?.event === 'fusion.done') return e.payload.resultId;
    if (e?.event === 'fusion.failed') throw new Error(`fusion failed: ${e.payload.reason}`);
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The ApiError `p` rejects with (anything else, or no rejection, fails the test). */
export async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try { await p; } catch (e) { if (e instanceof ApiError) return e; throw e; }
  throw new Error('expected an ApiError');
}
