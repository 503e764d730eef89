import { useRef, useState } from 'react';
import type { LogSource } from '../../../shared/api/logs.ts';
import type { Subscription } from '../../../shared/api/client.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useApp } from '../store/appStore.ts';

/** `web-main.log`, `web-main-db.log`, `web-main-20261201T101500.000Z.log` for a capture. */
function fileName(source: LogSource): string {
  const base = source.kind === 'live' ? source.stack : source.id.replace('/', '-');
  return `${[base, ...(source.services ?? [])].join('-')}.log`.replace(/[^\w.-]+/g, '_');
}

/**
 * Downloads the whole history (every line, not only the 10 000 in view) as a file: the engine
 * streams it (the logDownload stream) and the browser saves it where downloads go. The page never
 * names a path on the engine's machine.
 */
export function LogExport({ source }: { source: LogSource }) {
  const client = useApp((s) => s.client);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const running = useRef<Subscription | null>(null);

  const download = () => {
    if (!client || busy) return;
    setBusy(true);
    setOutcome(null);
    const parts: BlobPart[] = [];
    running.current = client.subscribe('logDownload', { source }, {
      next(e) {
        if (e.type === 'chunk') parts.push(e.data as Uint8Array<ArrayBuffer>);
        else {
          const url = URL.createObjectURL(new Blob(parts, { type: 'text/plain;charset=utf-8' }));
          const a = document.createElement('a');
          a.href = url;
          a.download = fileName(source);
          a.click();
          setTimeout(() => URL.revokeObjectURL(url), 60_000);
          setOutcome({ ok: true, text: `${e.lines} lines downloaded as ${a.download}` });
        }
      },
      error(err) {
        setOutcome({ ok: false, text: errorMessage(err) });
      },
      end() {
        running.current = null;
        setBusy(false);
      },
    });
  };

  return (
    <span className="log-export">
      <button type="button" onClick={download} disabled={!client || busy} data-testid="log-export">
        {busy ? 'Exporting…' : 'Export'}
      </button>
      {busy && (
        <button type="button" onClick={() => running.current?.dispose()} data-testid="log-export-cancel">
          Cancel
        </button>
      )}
      {outcome && (
        <span className={outcome.ok ? 'muted' : 'error'} data-testid="log-export-result">
          {outcome.text}
        </span>
      )}
    </span>
  );
}
