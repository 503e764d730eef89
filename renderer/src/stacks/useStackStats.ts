// Live CPU and memory of the stack on screen: the `stats` stream is open only while the stack is
// shown and the page is visible, and disposed when either ends (the engine then closes every
// stats stream it opened for it). The newest sample per container; totals over the stack.

import { useEffect, useState } from 'react';
import type { BranchyardClient } from '../../../shared/api/client.ts';
import type { StatsEvent } from '../../../shared/api/control.ts';

export type Sample = Extract<StatsEvent, { type: 'sample' }>;

export interface StackStats {
  /** By container id. */
  samples: Record<string, Sample>;
  totals: { cpuPercent?: number; memoryBytes: number; containers: number };
}

export function totalsOf(samples: Record<string, Sample>): StackStats['totals'] {
  const all = Object.values(samples);
  const cpus = all.map((s) => s.cpuPercent).filter((c): c is number => c !== undefined);
  return {
    ...(cpus.length ? { cpuPercent: cpus.reduce((a, b) => a + b, 0) } : {}),
    memoryBytes: all.reduce((n, s) => n + s.memoryBytes, 0),
    containers: all.length,
  };
}

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

export function useStackStats(client: BranchyardClient | null, stack: string): StackStats {
  const visible = usePageVisible();
  const [samples, setSamples] = useState<Record<string, Sample>>({});
  useEffect(() => {
    setSamples({});
    if (!client || !visible) return;
    const sub = client.subscribe('stats', { stack }, {
      next(e) {
        setSamples((prev) => {
          if (e.type === 'sample') return { ...prev, [e.containerId]: e };
          const { [e.containerId]: _gone, ...rest } = prev;
          return rest;
        });
      },
    });
    return () => sub.dispose();
  }, [client, stack, visible]);
  return { samples, totals: totalsOf(samples) };
}
