// One reading of the engine's stats stream turned into what `docker stats` shows: CPU percent
// from the deltas since the previous reading (which the engine sends along as precpu_stats),
// times the number of CPUs, and memory in use without the page cache (inactive_file), as the
// docker CLI computes them (cli/command/container/stats_helpers.go).

export interface EngineStats {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
}

export interface StatsSample {
  at: string;
  cpuPercent?: number;
  memoryBytes: number;
  memoryLimitBytes: number;
}

export function cpuPercent(s: EngineStats): number | undefined {
  const now = s.cpu_stats;
  const before = s.precpu_stats;
  // The first reading of a stream has no previous one: there is no rate yet.
  if (!now?.system_cpu_usage || !before?.system_cpu_usage) return undefined;
  const cpuDelta = (now.cpu_usage?.total_usage ?? 0) - (before.cpu_usage?.total_usage ?? 0);
  const systemDelta = now.system_cpu_usage - before.system_cpu_usage;
  const cpus = now.online_cpus || now.cpu_usage?.percpu_usage?.length || 1;
  if (systemDelta <= 0 || cpuDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

/** Usage minus the inactive page cache: cgroup v1 names it total_inactive_file, v2 inactive_file. */
export function memoryInUse(m: EngineStats['memory_stats']): number {
  const usage = m?.usage ?? 0;
  const stats = m?.stats ?? {};
  const v1 = stats.total_inactive_file;
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = stats.inactive_file ?? 0;
  return v2 < usage ? usage - v2 : usage;
}

export function statsSample(s: EngineStats): StatsSample {
  const cpu = cpuPercent(s);
  return {
    at: s.read ?? new Date().toISOString(),
    ...(cpu === undefined ? {} : { cpuPercent: cpu }),
    memoryBytes: memoryInUse(s.memory_stats),
    memoryLimitBytes: s.memory_stats?.limit ?? 0,
  };
}
