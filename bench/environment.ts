// The machine a benchmark ran on.

import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface Environment {
  cpuModel: string;
  cores: number;
  availableParallelism: number;
  memoryGiB: number;
  platform: string;
  node: string;
  v8: string;
  /** 1-minute load average when the benchmark started and ended: others' work on a shared machine shows here. */
  loadAverageStart: number;
  loadAverageEnd?: number;
  date: string;
}

export function environment(): Environment {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    availableParallelism: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${platform()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverageStart: loadavg()[0]!,
    date: new Date().toISOString(),
  };
}

export function loadAverage(): number {
  return loadavg()[0]!;
}
