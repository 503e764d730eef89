// Said when the service's container is not the one this terminal was opened in: a redeploy or
// recreate replaced it (the old session has ended or soon will). One button opens a new session
// in the new container, with the same shell and user, in the same screen.

import { useT } from '../i18n/useT.ts';

export function ReconnectBar({ service, onReconnect }: { service: string; onReconnect(): void }) {
  const t = useT('terminals');
  return (
    <div className="terminal-bar terminal-replaced" role="status" data-testid="terminal-replaced">
      <span>{t('replaced', { service })}</span>
      <button type="button" className="primary" onClick={onReconnect} data-testid="terminal-reconnect">
        {t('reconnect')}
      </button>
    </div>
  );
}
