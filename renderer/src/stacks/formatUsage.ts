// How resource use and uptime read in the stack view: short, and stable in width.

import { formatBytes } from '../captures/formatBytes.ts';

export function formatCpu(percent: number | undefined): string {
  if (percent === undefined) return '–';
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`;
}

export function formatMemory(bytes: number | undefined): string {
  return bytes === undefined ? '–' : formatBytes(bytes);
}

/** "42 s", "3 min", "2 h 5 min", "3 d 4 h". */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
