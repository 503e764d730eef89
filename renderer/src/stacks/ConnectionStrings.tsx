// Ready-to-paste connection strings of a database service. The password is masked on screen
// (screens get shared), Show reveals it, and Copy always copies the working command.

import { useState } from 'react';
import type { ConnectionString } from '../../../shared/api/control.ts';
import { CopyButton } from '../layout/CopyButton.tsx';

function Connection({ c }: { c: ConnectionString }) {
  const [shown, setShown] = useState(false);
  return (
    <li className="connection" data-testid={`connection-${c.kind}`}>
      <span className="muted">{c.label}</span>
      <code className="mono" data-testid="connection-text">
        {shown ? c.text : c.masked}
      </code>
      {c.hasSecret && (
        <button type="button" aria-pressed={shown} aria-label={shown ? 'Hide password' : 'Show password'} onClick={() => setShown(!shown)}>
          {shown ? 'Hide' : 'Show'}
        </button>
      )}
      <CopyButton text={c.text} what={c.label} testId="connection-copy" />
    </li>
  );
}

export function ConnectionStrings({ connections }: { connections: ConnectionString[] }) {
  if (connections.length === 0) return null;
  return (
    <ul className="connections">
      {connections.map((c) => (
        <Connection key={c.text} c={c} />
      ))}
    </ul>
  );
}
