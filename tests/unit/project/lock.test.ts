// The project lock: contention between processes, stale-lock recovery, read-only opens while locked, heartbeat.

import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, createProject, LOCK_FILE, openProject, readLock, type LockInfo } from '../../../src/main/services/project/index.js';
import { deadPid, runFixture, tempDir } from './helpers.js';

async function newProject(): Promise<string> {
  const dir = path.join(await tempDir(), 'locked project');
  await (await createProject(dir, 'locked', { autosaveMs: false })).close();
  return dir;
}

interface Outcome { ok: boolean; code?: string; message?: string; readOnly?: boolean; warnings?: string[]; name?: string }
const outcome = (stdout: string): Outcome => JSON.parse(stdout.trim().split('\n').pop()!) as Outcome;

describe('project lock', () => {
  it('a second open in another process fails naming the holder; read-only works meanwhile; free again after close', async () => {
    const dir = await newProject();
    const p = await openProject(dir, { autosaveMs: false });
    const lock = JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Date.parse(lock.started)).not.toBeNaN();

    const [second, readOnly] = await Promise.all([runFixture('open-project.ts', [dir]), runFixture('open-project.ts', [dir, 'read-only'])]);
    expect(second.code, second.stderr).toBe(3);
    expect(outcome(second.stdout)).toEqual({
      ok: false, code: 'locked',
      message: `${dir}: project is open in another fusem (pid ${process.pid} on host ${hostname()} since ${lock.started}); close it there, or open it read-only`,
    });
    expect(outcome(readOnly.stdout)).toMatchObject({ ok: true, readOnly: true, name: 'locked' });

    // The same process (another window) is told too.
    await expect(openProject(dir)).rejects.toMatchObject({ code: 'locked', message: expect.stringContaining('project is open in this fusem (pid') });

    await p.close();
    await expect(stat(path.join(dir, LOCK_FILE))).rejects.toThrow();
    expect(outcome((await runFixture('open-project.ts', [dir])).stdout)).toMatchObject({ ok: true, readOnly: false });
  });

  it('the lock of a process killed while holding it is taken over (its pid is gone), and that is said', async () => {
    const dir = await newProject();
    const { spawn } = await import('node:child_process');
    const { FIXTURES } = await import('./helpers.js');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURES, 'open-project.ts'), dir, 'hold'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
    const held = await readLock(dir);
    expect(held?.info?.pid).toBe(child.pid);
    await expect(openProject(dir)).rejects.toMatchObject({ code: 'locked' });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const p = await openProject(dir, { autosaveMs: false });
    expect(p.warnings).toEqual([`${dir}: took over a stale lock of pid ${child.pid} on host ${hostname()} since ${held!.info!.started} (process ${child.pid} is no longer running on this host)`]);
    expect((await readLock(dir))?.info?.pid).toBe(process.pid);
    await p.close();
  });

  it('recovers a stale lock with a fake pid that does not exist on this host', async () => {
    const dir = await newProject();
    const pid = deadPid();
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid, hostname: hostname(), started: '2026-01-01T00:00:00.000Z', fusemVersion: '0.1.0', token: 'x' }));
    const p = await openProject(dir, { autosaveMs: false });
    expect(p.warnings[0]).toMatch(new RegExp(`took over a stale lock of pid ${pid} .*no longer running on this host`));
    await p.close();
  });

  it('a lock from another host is respected while its heartbeat is fresh, taken over once it is older than staleMs', async () => {
    const dir = await newProject();
    const file = path.join(dir, LOCK_FILE);
    await writeFile(file, JSON.stringify({ pid: 1, hostname: 'other-workstation', started: '2026-01-01T00:00:00.000Z', fusemVersion: '0.1.0', token: 'y' }));
    await expect(openProject(dir, { lock: { staleMs: 60_000 } })).rejects.toMatchObject({
      code: 'locked', message: `${dir}: project is open in another fusem (pid 1 on host other-workstation since 2026-01-01T00:00:00.000Z); close it there, or open it read-only`,
    });
    const old = new Date(Date.now() - 120_000);
    await utimes(file, old, old);
    const p = await openProject(dir, { autosaveMs: false, lock: { staleMs: 60_000 } });
    expect(p.warnings[0]).toMatch(/took over a stale lock of pid 1 on host other-workstation .*\(no heartbeat for 1[12]\d s\)/);
    await p.close();
  });

  it('the heartbeat refreshes the lock mtime; a holder whose lock was taken over notices and refuses to save', async () => {
    const dir = await newProject();
    const lock = await acquireLock(dir, { heartbeatMs: 40 });
    const file = path.join(dir, LOCK_FILE);
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    await new Promise((r) => setTimeout(r, 150));
    expect(Date.now() - (await stat(file)).mtimeMs).toBeLessThan(5_000);
    await lock.release();

    let lostTo: LockInfo | null = null;
    const p = await openProject(dir, { autosaveMs: false, lock: { heartbeatMs: 0, staleMs: 1, onLost: (h) => { lostTo = h; } } });
    await new Promise((r) => setTimeout(r, 20));
    const thief = await openProject(dir, { autosaveMs: false, lock: { staleMs: 1, heartbeatMs: 0 } }); // judges p's lock stale
    expect(thief.warnings[0]).toMatch(/no heartbeat/);
    p.setName('overwrite?');
    await expect(p.save()).rejects.toMatchObject({ code: 'lock-lost' });
    expect(JSON.parse(await readFile(path.join(dir, 'project.json'), 'utf8')).name).toBe('locked');
    expect(lostTo).toMatchObject({ pid: process.pid, hostname: hostname() });
    await p.close({ discardUnsaved: true });
    expect(await readLock(dir)).not.toBeNull(); // p did not remove the thief's lock
    await thief.close();
    expect(await readLock(dir)).toBeNull();
  });
});
