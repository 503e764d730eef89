import { type FormEvent, useState } from 'react';
import type { LogSource } from '../../../shared/api/logs.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useApp } from '../store/appStore.ts';

/**
 * Writes the whole history to a file on the machine running the engine (the same machine in
 * every mode). Asks for the path inline: Electron has no window.prompt.
 */
export function LogExport({ source }: { source: LogSource }) {
  const client = useApp((s) => s.client);
  const [asking, setAsking] = useState(false);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const exportTo = async (e: FormEvent) => {
    e.preventDefault();
    if (!client || !path) return;
    setBusy(true);
    try {
      const r = await client.exportLogs({ source, path });
      setOutcome({ ok: true, text: `${r.lines} lines written to ${r.path}` });
      setAsking(false);
    } catch (err) {
      setOutcome({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  if (!asking) {
    return (
      <span className="log-export">
        <button type="button" onClick={() => (setAsking(true), setOutcome(null))} data-testid="log-export">
          Export…
        </button>
        {outcome && (
          <span className={outcome.ok ? 'muted' : 'error'} data-testid="log-export-result">
            {outcome.text}
          </span>
        )}
      </span>
    );
  }
  return (
    <form className="log-export" onSubmit={exportTo}>
      <input
        autoFocus
        placeholder="Absolute path of the file to write"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        data-testid="log-export-path"
      />
      <button type="submit" disabled={busy || !path} data-testid="log-export-confirm">
        {busy ? 'Writing…' : 'Write'}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
      {outcome && !outcome.ok && (
        <span className="error" data-testid="log-export-result">
          {outcome.text}
        </span>
      )}
    </form>
  );
}
