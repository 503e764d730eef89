// Browser mode, foot of the sidebar: whether desktop notifications are on, and a button to turn
// them on (the user's own click asks the browser). The desktop app shows nothing here: its shell
// needs no permission.

import { useEffect } from 'react';
import { inDesktopApp } from '../api/connection.ts';
import { useT } from '../i18n/useT.ts';
import { useApp } from '../store/appStore.ts';
import { askForNotifications, notificationPermission } from './permission.ts';

export function NotificationsToggle() {
  const t = useT('notify');
  const permission = useApp((s) => s.notificationPermission);
  useEffect(() => {
    // The user may change it in the browser's site settings: look again when they come back.
    const look = () => void notificationPermission();
    window.addEventListener('focus', look);
    return () => window.removeEventListener('focus', look);
  }, []);
  if (inDesktopApp || permission === 'unsupported') return null;
  return (
    <div className="sidebar-foot" data-testid="notifications" data-permission={permission}>
      {permission === 'granted' && <span className="muted">{t('on')}</span>}
      {permission === 'denied' && <span className="muted">{t('blocked')}</span>}
      {permission === 'default' && (
        <button type="button" onClick={() => void askForNotifications({ again: true })} data-testid="notifications-turn-on">
          {t('turnOn')}
        </button>
      )}
    </div>
  );
}
