// upload.*: a file the browser holds, carried over the API in order-checked chunks into <project>/.uploads/<id>/NAME,
// where dataset.import picks it up (and removes it once copied into datasets/). Nothing outside the project is written.

import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../shared/api/index.js';

export const UPLOADS_DIR = '.uploads';
/** Uploads idle this long are dropped (their bytes removed). */
const IDLE_MS = 10 * 60_000;

interface Upload { file: string; bytes: number; received: number; handle: FileHandle; touched: number }

export class UploadStore {
  private readonly uploads = new Map<string, Upload>();

  /** Start receiving `name` (`bytes` long) into the project at `projectDir`. */
  async begin(projectDir: string, name: string, bytes: number): Promise<string> {
    await this.dropIdle();
    const id = `up-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const dir = path.join(projectDir, UPLOADS_DIR, id);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, path.basename(name));
    const handle = await open(file, 'wx');
    this.uploads.set(id, { file, bytes, received: 0, handle, touched: Date.now() });
    return id;
  }

  /** Append one chunk; returns the bytes received and, once complete, the file's path. */
  async chunk(id: string, offset: number, base64: string): Promise<{ received: number; path: string | null }> {
    const u = this.uploads.get(id);
    if (!u) throw new ApiError('not-found', `no upload ${id} in progress (it finished, or was dropped after ${IDLE_MS / 60_000} idle minutes): upload the file again`);
    if (offset !== u.received) throw new ApiError('bad-request', `upload ${id}: expected the chunk at byte ${u.received}, got ${offset}`);
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0 || u.received + bytes.length > u.bytes) {
      await this.abort(id);
      throw new ApiError('bad-request', `upload ${id}: ${bytes.length === 0 ? 'an empty or malformed chunk' : `more bytes than the ${u.bytes} announced`}; upload the file again`);
    }
    await u.handle.write(bytes, 0, bytes.length, offset);
    u.received += bytes.length;
    u.touched = Date.now();
    if (u.received < u.bytes) return { received: u.received, path: null };
    await u.handle.sync();
    await u.handle.close();
    this.uploads.delete(id);
    return { received: u.received, path: u.file };
  }

  private async abort(id: string): Promise<void> {
    const u = this.uploads.get(id);
    if (!u) return;
    this.uploads.delete(id);
    await u.handle.close().catch(() => undefined);
    await rm(path.dirname(u.file), { recursive: true, force: true });
  }

  private async dropIdle(): Promise<void> {
    const now = Date.now();
    for (const [id, u] of this.uploads) if (now - u.touched > IDLE_MS) await this.abort(id);
  }

  /** Drop every upload in progress (the project closed). */
  async clear(): Promise<void> {
    for (const id of [...this.uploads.keys()]) await this.abort(id);
  }
}

/** True when `file` is a finished upload of the project at `projectDir` (to be removed once imported by copy). */
export function isUpload(projectDir: string, file: string): boolean {
  const rel = path.relative(path.join(projectDir, UPLOADS_DIR), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Remove an imported upload's folder. */
export async function removeUpload(file: string): Promise<void> {
  await rm(path.dirname(path.resolve(file)), { recursive: true, force: true });
}
