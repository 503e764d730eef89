import { useEffect, useState } from 'react';
import { formatDateTime, formatDuration } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/useT.ts';

/** "3 min 20 s", ticking: its own timer, so the table does not redraw every second for it. */
export function Uptime({ since }: { since: string }) {
  const t = useT('stacks');
  const lang = useLanguage();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const started = Date.parse(since);
  if (Number.isNaN(started)) return <span>–</span>;
  return <span title={t('startedAt', { time: formatDateTime(lang, started) })}>{formatDuration(lang, now - started)}</span>;
}
