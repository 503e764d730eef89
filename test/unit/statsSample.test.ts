// CPU and memory as `docker stats` computes them, from one reading of the engine's stats stream.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuPercent, memoryInUse, statsSample } from '../../electron/engine/stats/statsSample.ts';

test('CPU: the container’s share of the system’s time since the previous reading, times the CPUs', () => {
  const s = {
    cpu_stats: { cpu_usage: { total_usage: 1_500_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 18_000_000_000 },
  };
  assert.equal(cpuPercent(s), 50);
  // Older engines give no online_cpus: the per-CPU list counts them.
  assert.equal(cpuPercent({ ...s, cpu_stats: { ...s.cpu_stats, online_cpus: undefined, cpu_usage: { total_usage: 1_500_000_000, percpu_usage: [1, 2, 3, 4] } } }), 100);
  assert.equal(cpuPercent({ ...s, precpu_stats: {} }), undefined, 'the first reading has no rate');
  assert.equal(cpuPercent({ ...s, cpu_stats: { ...s.cpu_stats, cpu_usage: { total_usage: 1_000_000_000 } } }), 0);
});

test('memory: usage without the inactive page cache (cgroup v1 and v2), and the limit', () => {
  assert.equal(memoryInUse({ usage: 100, stats: { total_inactive_file: 30, inactive_file: 10 } }), 70);
  assert.equal(memoryInUse({ usage: 100, stats: { inactive_file: 40 } }), 60);
  assert.equal(memoryInUse({ usage: 100, stats: { inactive_file: 400 } }), 100);
  assert.equal(memoryInUse({ usage: 100 }), 100);
  assert.equal(memoryInUse(undefined), 0);
  assert.deepEqual(statsSample({ read: '2026-01-01T00:00:00Z', memory_stats: { usage: 2048, limit: 4096, stats: { inactive_file: 1024 } } }), {
    at: '2026-01-01T00:00:00Z',
    memoryBytes: 1024,
    memoryLimitBytes: 4096,
  });
});
