import { useLanguage, useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { SLOT, Slotted } from './Slotted.tsx';

/**
 * Says plainly when what is shown may be stale, and whose fault it is: the Branchyard server (the
 * page reconnects by itself), a server that no longer takes this page's token (the new address
 * must be opened), or the Docker engine (the stacks stay as last seen, greyed, until it answers).
 */
export function Banner() {
  const t = useT('layout');
  const lang = useLanguage();
  const link = useApp((s) => s.link);
  const engineDown = useApp((s) => s.engineDown);
  const problem = useApp((s) => s.stacksProblem);
  const loaded = useApp((s) => s.stacksLoaded);
  if (link.state === 'connecting') {
    return (
      <div className="banner info" data-testid="banner-connecting">
        {t('connecting')}
      </div>
    );
  }
  if (link.state === 'refused') {
    return (
      <div className="banner error" role="alert" data-testid="banner-new-token">
        <Slotted text={t('newToken', { command: SLOT })}>
          <code>branchyard serve</code>
        </Slotted>{' '}
        <span className="muted">{t('newTokenReconnects')}</span>
      </div>
    );
  }
  if (link.state === 'lost') {
    return (
      <div className="banner warn" role="alert" data-testid="banner-disconnected">
        {link.message ? t('disconnectedBecause', { reason: link.message(lang) }) : t('disconnected')}
      </div>
    );
  }
  if (engineDown) {
    return (
      <div className="banner warn" role="alert" data-testid="banner-engine-down">
        <strong>
          <Slotted text={t('engineDown', { endpoint: SLOT })}>
            <span className="mono">{engineDown.endpoint}</span>
          </Slotted>
        </strong>
        {loaded ? t('engineDownLastSeen') : ''}
        {t('engineDownRecovers')} <span className="muted">({engineDown.reason(lang)})</span>
      </div>
    );
  }
  if (problem) {
    return (
      <div className="banner warn" role="alert" data-testid="banner-disconnected">
        {t('liveInterrupted', { problem: problem(lang) })}
      </div>
    );
  }
  return null;
}
