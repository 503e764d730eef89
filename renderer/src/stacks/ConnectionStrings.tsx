// Ready-to-paste connection strings of a database service. The password is masked on screen
// (screens get shared), Show reveals it, and Copy always copies the working command.

import { useState } from 'react';
import type { ConnectionString } from '../../../shared/api/control.ts';
import type { T } from '../i18n/translate.ts';
import { useT } from '../i18n/useT.ts';
import { CopyButton } from '../layout/CopyButton.tsx';

/** The engine's label ("mysql client (root)") in the UI's language; tool names stay as they are. */
function labelOf(t: T<'stacks'>, c: ConnectionString): string {
  const user = c.kind === 'mysql' ? /\(([^)]*)\)$/.exec(c.label)?.[1] : undefined;
  return user !== undefined ? t('mysqlClient', { user }) : c.label;
}

function Connection({ c }: { c: ConnectionString }) {
  const t = useT('stacks');
  const [shown, setShown] = useState(false);
  const label = labelOf(t, c);
  return (
    <li className="connection" data-testid={`connection-${c.kind}`}>
      <span className="muted">{label}</span>
      <code className="mono" data-testid="connection-text">
        {shown ? c.text : c.masked}
      </code>
      {c.hasSecret && (
        <button type="button" aria-pressed={shown} aria-label={shown ? t('hidePassword') : t('showPassword')} onClick={() => setShown(!shown)} data-testid="connection-show">
          {shown ? t('hide') : t('show')}
        </button>
      )}
      <CopyButton text={c.text} what={label} testId="connection-copy" />
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
