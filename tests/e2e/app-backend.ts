// A real app service for end-to-end tests: a fresh config folder and a compute host, both cleaned up by close().

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ComputeHost } from '../../src/compute/host/index.js';
import { createAppService, type AppService } from '../../src/main/services/app/index.js';

export interface TestBackend { service: AppService; close(): Promise<void> }

export async function startTestBackend(): Promise<TestBackend> {
  const configDir = await mkdtemp(path.join(tmpdir(), 'fusem-e2e-config-'));
  const computeHost = new ComputeHost();
  const service = await createAppService({ configDir, version: '0.1.0', computeHost });
  return {
    service,
    async close() {
      await service.dispose();
      await computeHost.dispose();
      await rm(configDir, { recursive: true, force: true });
    },
  };
}
