import { useEffect, useState } from 'react';
import { formatUptime } from './formatUsage.ts';

/** "up 3 min", ticking: its own timer, so the table does not redraw every second for it. */
export function Uptime({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const started = Date.parse(since);
  return <span title={`started ${new Date(started).toLocaleString()}`}>{Number.isNaN(started) ? '–' : formatUptime(now - started)}</span>;
}
